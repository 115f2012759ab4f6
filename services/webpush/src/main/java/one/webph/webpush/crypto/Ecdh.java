package one.webph.webpush.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * P-256 key generation and ECDH on BouncyCastle's dedicated curve arithmetic: one fresh key pair
 * and one agreement per push message, about three times faster than the JDK's generic code.
 * Keys are raw: a 32-byte scalar, a 65-byte uncompressed point. Thread-safe.
 */
final class Ecdh {

    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256r1");
    private static final FixedPointCombMultiplier BASE = new FixedPointCombMultiplier();

    private Ecdh() {
    }

    /** A fresh key pair: {scalar, uncompressed public point}. */
    static byte[][] generate(SecureRandom random) {
        BigInteger n = CURVE.getN();
        BigInteger d;
        do {
            d = new BigInteger(n.bitLength(), random);
        } while (d.signum() == 0 || d.compareTo(n) >= 0);
        byte[] publicKey = BASE.multiply(CURVE.getG(), d).normalize().getEncoded(false);
        return new byte[][] {unsigned32(d), publicKey};
    }

    /** The shared secret: the x coordinate of d·Q. @throws IllegalArgumentException when Q is not on the curve */
    static byte[] agree(byte[] privateScalar, byte[] peerPublic) {
        return xCoordinate(decode(peerPublic).multiply(new BigInteger(1, privateScalar)));
    }

    /** @throws IllegalArgumentException when the bytes are not a point on P-256 */
    static ECPoint decode(byte[] publicKey) {
        try {
            return CURVE.getCurve().decodePoint(publicKey);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The public key is not a point on P-256");
        }
    }

    static byte[] xCoordinate(ECPoint product) {
        ECPoint shared = product.normalize();
        if (shared.isInfinity()) {
            throw new IllegalArgumentException("Degenerate ECDH result");
        }
        return shared.getAffineXCoord().getEncoded();
    }

    private static byte[] unsigned32(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] out = new byte[32];
        int start = Math.max(0, bytes.length - 32);
        System.arraycopy(bytes, start, out, 32 - (bytes.length - start), bytes.length - start);
        return out;
    }
}
