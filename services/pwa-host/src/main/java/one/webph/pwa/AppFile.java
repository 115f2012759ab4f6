package one.webph.pwa;

/**
 * One file of the built app, held in memory: its bytes, a gzip copy when that is smaller (text
 * files; compressed once at start instead of on every request), media type and strong ETag.
 */
record AppFile(String path, byte[] content, byte[] gzipped, String contentType, String etag) {

    boolean hasGzip() {
        return gzipped != null;
    }
}
