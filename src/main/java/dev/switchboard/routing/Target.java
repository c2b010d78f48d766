package dev.switchboard.routing;

import dev.switchboard.provider.Deployment;
import dev.switchboard.provider.Provider;

/** A deployment together with the provider account that serves it: one thing an attempt can be sent to. */
public record Target(Deployment deployment, Provider provider) {}
