package dev.switchboard.tenant;

import java.time.Instant;

/**
 * A key as the admin API shows it: id, owning tenant, display prefix, when it was created and revoked.
 * Never the key nor its digest.
 *
 * @param prefix  the first characters of the key, or null for keys from the configuration file
 * @param created null for keys from the configuration file
 * @param revoked when it was revoked, or null while it works
 */
public record KeyRecord(String id, String tenantId, String prefix, Instant created, Instant revoked,
                        TenantSpec.Source source) {}
