package one.webph.pwa;

/** One file of the built app, held in memory: its bytes, media type and strong ETag. */
record AppFile(String path, byte[] content, String contentType, String etag) {
}
