package dev.switchboard.routing;

import dev.switchboard.provider.CatalogModel;
import dev.switchboard.provider.Deployment;
import dev.switchboard.provider.Provider;

/**
 * A deployment together with the provider account that serves it: one thing an attempt can be sent to.
 * {@code model} is the catalog's entry for the upstream model, or null when the catalog does not list it.
 */
public record Target(Deployment deployment, Provider provider, CatalogModel model) {}
