package one.webph.webpush.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;

import javax.crypto.KeyAgreement;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RecipientKeysTest {

    final SecureRandom random = new SecureRandom();

    @Test
    @DisplayName("ECDH with a remembered recipient key (comb table from the second use) agrees with the JDK's ECDH every time")
    void agreesWithJdkOnFirstAndLaterUses() throws Exception {
        RecipientKeys recipients = new RecipientKeys(16);
        KeyPair recipient = P256.generate();
        byte[] recipientPublic = P256.encode((ECPublicKey) recipient.getPublic());
        for (int use = 0; use < 5; use++) {
            byte[][] ephemeral = Ecdh.generate(random);
            KeyAgreement jdk = KeyAgreement.getInstance("ECDH");
            jdk.init(recipient.getPrivate());
            jdk.doPhase(P256.publicKey(ephemeral[1]), true);
            assertArrayEquals(jdk.generateSecret(), recipients.agree(ephemeral[0], recipientPublic), "use " + use);
        }
    }

    @Test
    @DisplayName("past its bound the cache starts over and still agrees; an off-curve key is refused")
    void boundedAndValidating() throws Exception {
        RecipientKeys recipients = new RecipientKeys(2);
        for (int k = 0; k < 5; k++) {
            KeyPair recipient = P256.generate();
            byte[] recipientPublic = P256.encode((ECPublicKey) recipient.getPublic());
            byte[][] ephemeral = Ecdh.generate(random);
            assertArrayEquals(Ecdh.agree(ephemeral[0], recipientPublic), recipients.agree(ephemeral[0], recipientPublic));
            assertArrayEquals(Ecdh.agree(ephemeral[0], recipientPublic), recipients.agree(ephemeral[0], recipientPublic));
        }
        byte[] offCurve = P256.encode((ECPublicKey) P256.generate().getPublic());
        offCurve[64] ^= 1;
        assertThrows(IllegalArgumentException.class, () -> recipients.agree(Ecdh.generate(random)[0], offCurve));
    }
}
