package example.restaurant.api.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The rules for the {@code Idempotency-Key} header and the hashes derived from it. */
public final class IdempotencyKeys {

  public static final String HEADER = "Idempotency-Key";
  public static final int MAX_LENGTH = 200;

  private IdempotencyKeys() {}

  /** 1..200 printable ASCII characters (space to tilde). */
  public static boolean isValid(String key) {
    return isPrintableAscii(key, MAX_LENGTH);
  }

  public static boolean isPrintableAscii(String value, int maxLength) {
    if (value == null || value.isEmpty() || value.length() > maxLength) {
      return false;
    }
    return value.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
  }

  static String sha256(byte[]... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (byte[] part : parts) {
        digest.update(Integer.toString(part.length).getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) ':');
        digest.update(part);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
