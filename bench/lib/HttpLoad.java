import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
 */
public class HttpLoad {

    public static void main(String[] args) throws Exception {
        URI target = URI.create(args[0]);
        int concurrency = Integer.parseInt(args[1]);
        int requests = Integer.parseInt(args[2]);
        int expected = Integer.parseInt(args[3]);
        String template = args[4];
        List<String[]> headers = new ArrayList<>();
        for (int h = 5; h < args.length; h++) {
            int colon = args[h].indexOf(':');
            headers.add(new String[] {args[h].substring(0, colon), args[h].substring(colon + 1).trim()});
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        long[] latencies = new long[requests];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        for (int w = 0; w < concurrency; w++) {
            workers.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < requests) {
                    HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body(template, i)));
                    headers.forEach(h -> request.header(h[0], h[1]));
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() != expected) {
                            failures.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                    latencies[i] = System.nanoTime() - sent;
                }
                return null;
            });
        }
        workers.shutdown();
        workers.awaitTermination(30, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies);
        System.out.printf("requests=%d concurrency=%d failures=%d seconds=%.2f rate=%.0f/s p50=%.1fms p99=%.1fms max=%.1fms%n",
                requests, concurrency, failures.get(), seconds, requests / seconds,
                latencies[requests / 2] / 1e6, latencies[(int) (requests * 0.99)] / 1e6, latencies[requests - 1] / 1e6);
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
