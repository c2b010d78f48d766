/**
 * The provider SPI: an adapter translates between the unified OpenAI-shaped types and one backend's
 * wire format without doing any I/O; a {@link dev.switchboard.provider.Transport} carries the bytes.
 * Adding a backend means one sub-package with an adapter and a {@link dev.switchboard.provider.ProviderFactory}.
 */
package dev.switchboard.provider;
