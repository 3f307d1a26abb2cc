package io.wem.settings;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.wem.config.WemConfig;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Encrypts stored secrets with AES-256-GCM. The key is derived from WEM_COOKIE_SECRET with HKDF-SHA256 (RFC 5869),
 * so the store alone does not reveal a secret. The setting's name is the associated data, so a value copied to
 * another row does not decrypt. Text format: {@code v1:} followed by base64 of the 12-byte nonce and the ciphertext.
 */
@Component
class SecretCipher {

    private static final String FORMAT = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] SALT = "wem-settings-salt".getBytes(StandardCharsets.UTF_8);
    private static final byte[] INFO = "wem stored setting encryption v1".getBytes(StandardCharsets.UTF_8);

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    @Autowired
    SecretCipher(WemConfig config) {
        this(config.cookieSecret().reveal());
    }

    SecretCipher(String cookieSecret) {
        this.key = new SecretKeySpec(hkdf(cookieSecret.getBytes(StandardCharsets.UTF_8)), "AES");
    }

    String encrypt(String name, String plaintext) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(name.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return FORMAT + Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length)
                    .put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this Java runtime", e);
        }
    }

    /** Returns the plaintext, or throws {@link UnreadableSecretException} when the key or the value differs from the one used to encrypt. */
    String decrypt(String name, String stored) throws UnreadableSecretException {
        if (stored == null || !stored.startsWith(FORMAT)) {
            throw new UnreadableSecretException("unknown format");
        }
        try {
            byte[] data = Base64.getDecoder().decode(stored.substring(FORMAT.length()));
            if (data.length <= NONCE_BYTES) {
                throw new UnreadableSecretException("too short");
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, NONCE_BYTES));
            cipher.updateAAD(name.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new UnreadableSecretException("not base64");
        } catch (GeneralSecurityException e) {
            // AEADBadTagException: encrypted with another key (WEM_COOKIE_SECRET changed) or altered.
            throw new UnreadableSecretException("authentication tag mismatch");
        }
    }

    /** The stored value cannot be decrypted with the current key. */
    static final class UnreadableSecretException extends Exception {

        UnreadableSecretException(String reason) {
            super(reason, null, false, false);
        }
    }

    private static byte[] hkdf(byte[] inputKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SALT, "HmacSHA256"));
            byte[] pseudoRandomKey = mac.doFinal(inputKey);
            mac.init(new SecretKeySpec(pseudoRandomKey, "HmacSHA256"));
            mac.update(INFO);
            mac.update((byte) 1);
            return Arrays.copyOf(mac.doFinal(), 32);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this Java runtime", e);
        }
    }
}
