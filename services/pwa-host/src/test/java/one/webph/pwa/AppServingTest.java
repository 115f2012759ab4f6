package one.webph.pwa;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The real build of the app (pwa/dist in the jar), served with the right headers. */
@QuarkusTest
class AppServingTest {

    private static String hashedScript() {
        String html = given().get("/").then().statusCode(200).extract().asString();
        Matcher matcher = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"").matcher(html);
        assertTrue(matcher.find(), "index.html names its hashed script");
        return matcher.group(1);
    }

    @Test
    @DisplayName("/ is index.html, revalidated on every load")
    void indexIsNotCached() {
        given().get("/").then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .header("Cache-Control", "no-cache")
                .header("ETag", not(nullValue()))
                .body(containsString("<main id=\"screen\""));
    }

    @Test
    @DisplayName("hashed assets are cached for a year as immutable")
    void hashedAssetsAreImmutable() {
        given().get(hashedScript()).then()
                .statusCode(200)
                .contentType(containsString("javascript"))
                .header("Cache-Control", "public, max-age=31536000, immutable");
    }

    @Test
    @DisplayName("text files go out gzipped to browsers that accept it, and plain to others")
    void gzip() {
        String script = hashedScript();
        given().header("Accept-Encoding", "gzip").get(script).then()
                .statusCode(200)
                .header("Content-Encoding", "gzip")
                .header("Vary", "Accept-Encoding");
        given().config(io.restassured.RestAssured.config().decoderConfig(
                        io.restassured.config.DecoderConfig.decoderConfig().noContentDecoders()))
                .header("Accept-Encoding", "identity").get(script).then()
                .statusCode(200)
                .header("Content-Encoding", nullValue());
    }

    @Test
    @DisplayName("the service worker and the manifest are revalidated on every load")
    void entryPointsAreNotCached() {
        given().get("/sw.js").then()
                .statusCode(200)
                .contentType(containsString("javascript"))
                .header("Cache-Control", "no-cache")
                .header("Service-Worker-Allowed", "/");
        given().get("/manifest.webmanifest").then()
                .statusCode(200)
                .contentType(containsString("application/manifest+json"))
                .header("Cache-Control", "no-cache")
                .body("display", equalTo("standalone"));
    }

    @Test
    @DisplayName("a request with the current ETag gets 304 without a body")
    void etagRevalidation() {
        String etag = given().get("/").then().extract().header("ETag");
        given().header("If-None-Match", etag).get("/").then().statusCode(304);
    }

    @Test
    @DisplayName("the icons of the manifest exist as PNG")
    void iconsExist() {
        for (String icon : new String[] {"/icons/icon-192.png", "/icons/icon-512.png", "/icons/maskable-512.png"}) {
            given().get(icon).then().statusCode(200).contentType("image/png").header("Cache-Control", "public, max-age=86400");
        }
    }

    @Test
    @DisplayName("a file the app does not have is 404, not index.html")
    void unknownFileIs404() {
        given().get("/nothing-here.js").then().statusCode(404);
    }

    @Test
    @DisplayName("every response carries the security headers, health answers included")
    void securityHeaders() {
        for (String path : new String[] {"/", "/config.json", "/q/health", "/nothing-here.js"}) {
            given().get(path).then()
                    .header("X-Content-Type-Options", "nosniff")
                    .header("Referrer-Policy", "no-referrer")
                    .header("Content-Security-Policy", containsString("frame-ancestors 'none'"));
        }
    }

    @Test
    @DisplayName("the CSP lets the app reach the SIP WebSocket and the API origins, and nothing else")
    void cspConnectSources() {
        given().get("/").then().header("Content-Security-Policy", containsString(
                "connect-src 'self' wss://sip.example.org https://api.example.org https://push.example.org https://proxy.example.org:8081;"));
    }

    @Test
    @DisplayName("/q/health is UP")
    void health() {
        given().get("/q/health").then().statusCode(200).body("status", is("UP"));
    }
}
