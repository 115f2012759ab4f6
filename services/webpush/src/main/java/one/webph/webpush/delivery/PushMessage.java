package one.webph.webpush.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import one.webph.webpush.crypto.WebPushEncryption;

/**
 * One notification as the phone's service worker receives it, and the RFC 8030 headers that go
 * with it. The JSON carries our fields ({@code kind, from, callId, content, sentAt}) and, for apps
 * of the original Webph.one, its {@code notification.data} shape. Pure.
 */
public record PushMessage(PushKind kind, String from, String callId, String content, Instant sentAt) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The payload, with {@code content} shortened when the whole would not fit one push. */
    public byte[] payload() {
        String text = content;
        byte[] bytes = encode(text);
        while (bytes.length > WebPushEncryption.MAX_PLAINTEXT && text != null && !text.isEmpty()) {
            text = text.substring(0, Math.max(0, text.length() - Math.max(16, (bytes.length - WebPushEncryption.MAX_PLAINTEXT) / 2))) + "…";
            if (text.length() <= 1) {
                text = "";
            }
            bytes = encode(text);
        }
        return bytes;
    }

    /** RFC 8030 §5.3: calls are urgent; texts are normal. */
    public String urgency() {
        return kind.isCall() ? "high" : "normal";
    }

    /**
     * RFC 8030 §5.4: pushes about one call share a topic, so "cancelled" replaces an undelivered
     * "incoming". At most 32 base64url characters: a hash of the call id.
     */
    public String topic() {
        if (!kind.isCall() || callId == null) {
            return null;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(callId.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Duration ttl(Duration callTtl, Duration messageTtl) {
        return kind.isCall() ? callTtl : messageTtl;
    }

    private byte[] encode(String text) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", kind.wire());
        body.put("from", from);
        body.put("callId", callId);
        if (text != null) {
            body.put("content", text);
        }
        body.put("sentAt", sentAt.toString());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("from", from);
        data.put("action", kind.legacyAction());
        if (text != null) {
            data.put("content", text);
        }
        data.put("id", callId != null ? callId : UUID.randomUUID().toString());
        body.put("notification", Map.of("title", "Webph.one", "data", data));
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
