package one.webph.allocatenumber.numbers;

import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;

import one.webph.allocatenumber.config.AllocateConfig;

/**
 * Makes SIP passwords from letters and digits with {@link SecureRandom}: 20 characters carry about
 * 119 bits, and they survive every SIP client's configuration screen. Thread-safe.
 */
@ApplicationScoped
public class PasswordGenerator {

    static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    /** Shorter passwords are refused, whoever chooses them. */
    public static final int MINIMUM_LENGTH = 16;

    private final SecureRandom random = new SecureRandom();
    private final int length;

    PasswordGenerator(AllocateConfig config) {
        this.length = Math.max(MINIMUM_LENGTH, config.numbers().passwordLength());
    }

    public String next() {
        StringBuilder password = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
