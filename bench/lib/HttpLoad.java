import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Closed-loop HTTP POST load: a fixed number of requests from N workers, each sending its next
 * request when the previous one answered. The body is a template: {i} is the request's index,
 * {i%K} the index modulo K. Prints one line of figures. Run with the JDK's source launcher:
 * java HttpLoad.java URL CONCURRENCY REQUESTS EXPECTED_STATUS BODY_TEMPLATE [Header:value ...]
 *
 * <p>With the environment variable {@code RATE} (requests per second) the load is paced instead:
 * request i is due at start + i/RATE, sent by the first free worker, and its latency counts from
 * when it was due, not when it went out (so a stalled server is not flattered by requests that
 * waited for a worker: no coordinated omission). Closed-loop latency is by construction about
 * CONCURRENCY / rate at saturation; paced latency is what a caller sees at a given load.
 *
 * <p>Each worker keeps one HTTP/1.1 keep-alive connection (plain http only) and speaks the
 * protocol over a socket itself: the load generator shares the machine's cores with the server
 * under test, and the JDK HttpClient cost close to a millisecond of CPU per request (as much as
 * some servers), which made the generator, not the server, the limit.
 */
public class HttpLoad {

    public static void main(String[] args) throws Exception {
        URI target = URI.create(args[0]);
        if (!"http".equals(target.getScheme())) {
            throw new IllegalArgumentException("HttpLoad speaks plain http only: " + target);
        }
        int concurrency = Integer.parseInt(args[1]);
        int requests = Integer.parseInt(args[2]);
        int expected = Integer.parseInt(args[3]);
        String template = args[4];
        StringBuilder head = new StringBuilder();
        String path = target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
        int port = target.getPort() == -1 ? 80 : target.getPort();
        head.append("POST ").append(path.isEmpty() ? "/" : path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(target.getHost()).append(':').append(port).append("\r\n")
                .append("Content-Type: application/json\r\n");
        for (int h = 5; h < args.length; h++) {
            int colon = args[h].indexOf(':');
            head.append(args[h], 0, colon).append(": ").append(args[h].substring(colon + 1).trim()).append("\r\n");
        }
        String requestHead = head.toString();
        InetSocketAddress address = new InetSocketAddress(target.getHost(), port);

        double rate = System.getenv("RATE") == null ? 0 : Double.parseDouble(System.getenv("RATE"));
        long[] latencies = new long[requests];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        for (int w = 0; w < concurrency; w++) {
            workers.submit(() -> {
                Connection connection = null;
                int i;
                while ((i = next.getAndIncrement()) < requests) {
                    byte[] body = body(template, i).getBytes(StandardCharsets.UTF_8);
                    byte[] request = (requestHead + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                    long sent = System.nanoTime();
                    if (rate > 0) {
                        long due = start + (long) (i * 1e9 / rate);
                        if (due > sent) {
                            sleepUntil(due);
                        }
                        sent = due;
                    }
                    try {
                        if (connection == null) {
                            connection = new Connection(address);
                        }
                        if (connection.exchange(request, body) != expected) {
                            failures.incrementAndGet();
                        }
                    } catch (IOException | RuntimeException e) {
                        failures.incrementAndGet();
                        if (connection != null) {
                            connection.close();
                        }
                        connection = null;
                    }
                    latencies[i] = System.nanoTime() - sent;
                }
                if (connection != null) {
                    connection.close();
                }
                return null;
            });
        }
        workers.shutdown();
        workers.awaitTermination(30, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies);
        System.out.printf("requests=%d concurrency=%d %sfailures=%d seconds=%.2f rate=%.0f/s p50=%.1fms p99=%.1fms max=%.1fms%n",
                requests, concurrency, rate > 0 ? String.format("paced=%.0f/s ", rate) : "", failures.get(), seconds, requests / seconds,
                latencies[requests / 2] / 1e6, latencies[(int) (requests * 0.99)] / 1e6, latencies[requests - 1] / 1e6);
    }

    static void sleepUntil(long due) {
        long left;
        while ((left = due - System.nanoTime()) > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(left);
        }
    }

    /** One keep-alive connection: writes a request, reads the whole response, returns its status. */
    static final class Connection {
        private final Socket socket = new Socket();
        private final InputStream in;
        private final OutputStream out;

        Connection(InetSocketAddress address) throws IOException {
            socket.setTcpNoDelay(true);
            socket.connect(address, 5000);
            socket.setSoTimeout(30_000);
            in = new BufferedInputStream(socket.getInputStream(), 16384);
            out = socket.getOutputStream();
        }

        int exchange(byte[] head, byte[] body) throws IOException {
            byte[] request = Arrays.copyOf(head, head.length + body.length);
            System.arraycopy(body, 0, request, head.length, body.length);
            out.write(request);
            out.flush();
            String statusLine = line();
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            String header;
            while (!(header = line()).isEmpty()) {
                int colon = header.indexOf(':');
                String name = header.substring(0, colon).trim().toLowerCase();
                String value = header.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase().contains("chunked");
                    case "connection" -> close = value.equalsIgnoreCase("close");
                    default -> { }
                }
            }
            if (chunked) {
                long size;
                while ((size = Long.parseLong(line().split(";")[0].trim(), 16)) > 0) {
                    skip(size);
                    line();
                }
                while (!line().isEmpty()) {
                    // Trailers, if any.
                }
            } else if (length > 0) {
                skip(length);
            } else if (length < 0 && status != 204 && status != 304) {
                throw new IOException("A response without a length: cannot keep the connection");
            }
            if (close) {
                throw new IOException("The server closed the connection");
            }
            return status;
        }

        private String line() throws IOException {
            StringBuilder text = new StringBuilder(64);
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new IOException("Connection closed mid-response");
                }
                if (c != '\r') {
                    text.append((char) c);
                }
            }
            return text.toString();
        }

        private void skip(long count) throws IOException {
            long left = count;
            while (left > 0) {
                long skipped = in.skip(left);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new IOException("Connection closed mid-body");
                    }
                    skipped = 1;
                }
                left -= skipped;
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // Closing a connection we are done with: nothing to do about a failure.
            }
        }
    }

    static String body(String template, int i) {
        String body = template.replace("{i}", Integer.toString(i));
        int open;
        while ((open = body.indexOf("{i%")) >= 0) {
            int close = body.indexOf('}', open);
            int modulo = Integer.parseInt(body.substring(open + 3, close));
            body = body.substring(0, open) + (i % modulo) + body.substring(close + 1);
        }
        return body;
    }
}
