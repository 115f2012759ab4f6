package one.webph.pwa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CachePolicyTest {

    @Test
    @DisplayName("only hashed files under /assets/ are immutable; entry points are revalidated")
    void policies() {
        assertEquals(CachePolicy.IMMUTABLE, CachePolicy.cacheControl("/assets/index-B8sJ09gf.js"));
        assertEquals(CachePolicy.REVALIDATE, CachePolicy.cacheControl("/index.html"));
        assertEquals(CachePolicy.REVALIDATE, CachePolicy.cacheControl("/sw.js"));
        assertEquals(CachePolicy.REVALIDATE, CachePolicy.cacheControl("/manifest.webmanifest"));
        assertEquals(CachePolicy.ONE_DAY, CachePolicy.cacheControl("/icons/icon-192.png"));
    }

    @Test
    @DisplayName("files.json names are read, and a name that climbs out of the folder is dropped")
    void fileList() {
        assertEquals(java.util.List.of("index.html", "assets/a.js"),
                AppFiles.listedNames("[\"index.html\", \"assets/a.js\", \"../etc/passwd\", \"/abs\"]"));
    }
}
