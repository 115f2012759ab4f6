package one.webph.db;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jboss.logging.Logger;

/**
 * Brings the shared schema up to date with the migrations in this jar ({@code db/migration}).
 *
 * <p>Every service calls {@link #migrate} once at start, before it serves. Flyway takes a MySQL
 * named lock around the whole run, so when several services start together each migration is
 * applied exactly once and the others wait, then find nothing to do. A migration that fails
 * stops the service: it never serves on a schema it does not understand.
 *
 * <p>Why not the Quarkus Flyway extension: its MySQL part cannot be resolved from the Maven
 * mirror this project builds from, and calling Flyway directly is a dozen lines.
 */
public final class SchemaMigration {

    private static final Logger LOG = Logger.getLogger(SchemaMigration.class);

    private SchemaMigration() {
    }

    /** Applies pending migrations; returns how many were applied. */
    public static int migrate(DataSource dataSource, String service) {
        Flyway flyway = Flyway.configure(SchemaMigration.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .validateMigrationNaming(true)
                // Each service owns a range of versions (allocatenumber 1-9, sip-proxy 10-19, webpush
                // 20-29), so a new sip-proxy table (V12) lands after webpush's V21 already ran: that
                // is the design, not an accident, and must apply.
                .outOfOrder(true)
                .load();
        MigrateResult result = flyway.migrate();
        if (result.migrationsExecuted > 0) {
            LOG.infof("%s migrated the database schema to version %s (%d migrations applied)",
                    service, result.targetSchemaVersion, result.migrationsExecuted);
        } else {
            LOG.infof("%s found the database schema up to date (version %s)", service, flyway.info().current() == null
                    ? "none" : flyway.info().current().getVersion());
        }
        return result.migrationsExecuted;
    }
}
