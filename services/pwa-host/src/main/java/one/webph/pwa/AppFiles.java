package one.webph.pwa;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The built app, loaded once at start into memory (it is a few hundred kilobytes): from the jar's
 * {@code webphone-pwa/} (listed by the build in {@code files.json}, since a jar cannot be listed
 * like a folder), or from a folder given in configuration. Immutable after loading, so any
 * event-loop thread may read it.
 */
final class AppFiles {

    static final String CLASSPATH_ROOT = "webphone-pwa/";
    private static final Pattern JSON_STRING = Pattern.compile("\"([^\"\\\\]+)\"");
    private static final Map<String, String> MEDIA_TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("webmanifest", "application/manifest+json"),
            Map.entry("png", "image/png"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("txt", "text/plain; charset=utf-8"));

    private final Map<String, AppFile> files;

    private AppFiles(Map<String, AppFile> files) {
        this.files = Map.copyOf(files);
    }

    /** The file for a request path ("/" is index.html), if the app has it. */
    Optional<AppFile> find(String requestPath) {
        String path = "/".equals(requestPath) ? "/index.html" : requestPath;
        return Optional.ofNullable(files.get(path));
    }

    int size() {
        return files.size();
    }

    static AppFiles load(String appDir) {
        return "classpath".equals(appDir) ? fromClasspath() : fromFolder(Path.of(appDir));
    }

    static AppFiles fromClasspath() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        byte[] index = read(loader, CLASSPATH_ROOT + "files.json");
        if (index == null) {
            throw new IllegalStateException("The app is not in the jar (no " + CLASSPATH_ROOT
                    + "files.json): build pwa-host with Maven, which builds pwa/ with npm first");
        }
        Map<String, AppFile> files = new TreeMap<>();
        for (String name : listedNames(new String(index, StandardCharsets.UTF_8))) {
            byte[] content = read(loader, CLASSPATH_ROOT + name);
            if (content != null) {
                files.put("/" + name, describe("/" + name, content));
            }
        }
        return new AppFiles(files);
    }

    static AppFiles fromFolder(Path root) {
        Map<String, AppFile> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                String path = "/" + root.relativize(file).toString().replace('\\', '/');
                files.put(path, describe(path, Files.readAllBytes(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the app from " + root, e);
        }
        return new AppFiles(files);
    }

    static List<String> listedNames(String json) {
        Matcher matcher = JSON_STRING.matcher(json);
        List<String> names = new java.util.ArrayList<>();
        while (matcher.find()) {
            String name = matcher.group(1);
            // Names come from our own build; still, never let one climb out of the folder.
            if (!name.contains("..") && !name.startsWith("/")) {
                names.add(name);
            }
        }
        return names;
    }

    static AppFile describe(String path, byte[] content) {
        String type = mediaType(path);
        return new AppFile(path, content, compressible(type) ? gzip(content) : null, type, etag(content));
    }

    /** Text compresses well; PNG and fonts are compressed already. */
    static boolean compressible(String mediaType) {
        return mediaType.startsWith("text/") || mediaType.startsWith("application/json")
                || mediaType.startsWith("application/manifest+json") || mediaType.startsWith("image/svg");
    }

    /** The gzip copy, or null when it would not be smaller. */
    private static byte[] gzip(byte[] content) {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var out = new java.util.zip.GZIPOutputStream(bytes)) {
            out.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip in memory cannot fail", e);
        }
        return bytes.size() < content.length ? bytes.toByteArray() : null;
    }

    static String mediaType(String path) {
        int dot = path.lastIndexOf('.');
        String extension = dot < 0 ? "" : path.substring(dot + 1).toLowerCase(Locale.ROOT);
        return MEDIA_TYPES.getOrDefault(extension, "application/octet-stream");
    }

    private static String etag(byte[] content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static byte[] read(ClassLoader loader, String name) {
        try (InputStream in = loader.getResourceAsStream(name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + name + " from the jar", e);
        }
    }
}
