package one.webph.sip.location;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;

import one.webph.db.SchemaMigration;

/** Migrates the shared schema before sip-proxy opens its sockets. */
class SchemaAtStartup {

    void migrate(@Observes @Priority(1) StartupEvent event, AgroalDataSource dataSource) {
        SchemaMigration.migrate(dataSource, "sip-proxy");
    }
}
