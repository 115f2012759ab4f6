package one.webph.relay.srtp;

/**
 * The SRTP protection profiles the relay speaks, with the sizes RFC 5764 (DTLS-SRTP key export)
 * and RFC 7714 need, and the code each has in DTLS's use_srtp extension.
 */
public enum SrtpProfile {
    /** RFC 3711 default: AES counter mode, HMAC-SHA1 tag cut to 80 bits. */
    AES_CM_128_HMAC_SHA1_80(0x0001, 16, 14, 10),
    /** RFC 7714: AES-GCM, 128-bit tag; the tag is also the authentication. */
    AEAD_AES_128_GCM(0x0007, 16, 12, 16);

    /** The SRTPProtectionProfile value in use_srtp (RFC 5764 section 4.1.2, RFC 7714 section 14.2). */
    public final int dtlsId;
    public final int keyLength;
    public final int saltLength;
    /** Bytes an SRTP packet grows by: the authentication tag. */
    public final int tagLength;

    SrtpProfile(int dtlsId, int keyLength, int saltLength, int tagLength) {
        this.dtlsId = dtlsId;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
        this.tagLength = tagLength;
    }

    public static SrtpProfile byDtlsId(int id) {
        for (SrtpProfile profile : values()) {
            if (profile.dtlsId == id) {
                return profile;
            }
        }
        return null;
    }

    boolean aead() {
        return this == AEAD_AES_128_GCM;
    }
}
