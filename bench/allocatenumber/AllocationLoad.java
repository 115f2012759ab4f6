import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load generator for POST /api/v1/numbers: a fixed number of requests from N concurrent workers,
 * each worker sending its next request when the previous one answered (closed loop). Prints one
 * line of figures. Run with the JDK's source launcher: java AllocationLoad.java URL CONCURRENCY REQUESTS.
 */
public class AllocationLoad {

    public static void main(String[] args) throws Exception {
        URI target = URI.create(args[0] + "/api/v1/numbers");
        int concurrency = Integer.parseInt(args[1]);
        int requests = Integer.parseInt(args[2]);
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
                    HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() != 201) {
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
}
