package one.webph.launcher;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * What the launcher tells the operator, on standard output. The launcher is a console program,
 * and java.util.logging is reset by its own shutdown hook before ours runs, so the messages of a
 * Ctrl-C would be lost through it. Thread-safe (PrintStream is synchronized).
 */
final class Console {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Console() {
    }

    static void info(String message) {
        System.out.println(TIME.format(LocalDateTime.now()) + " INFO  [launcher] " + message);
    }

    static void warn(String message) {
        System.out.println(TIME.format(LocalDateTime.now()) + " WARN  [launcher] " + message);
    }

    /** A line of a service's own output, marked with its name. */
    static void service(String name, String line) {
        System.out.println(String.format("%-15s| %s", name, line));
    }
}
