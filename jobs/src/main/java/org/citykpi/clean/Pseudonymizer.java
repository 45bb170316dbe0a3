package org.citykpi.clean;

import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.encode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.unhex;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.Column;
import org.citykpi.common.CityKpiException;

/**
 * Replaces personal identifiers (patient ids, card ids, plates) by HMAC-SHA256 keyed hashes before
 * silver, so the same person links across days while the id itself never leaves bronze.
 *
 * <p>The HMAC (RFC 2104) is built from Spark's built-in {@code sha2} over binary: no UDF, and the
 * key never appears in the data. The key comes from {@value #KEY_ENV} or the file named by {@value
 * #KEY_FILE_ENV}; only {@code demo} may use the published demo key.
 */
public final class Pseudonymizer {
  public static final String KEY_ENV = "CITYKPI_PSEUDONYM_KEY";
  public static final String KEY_FILE_ENV = "CITYKPI_PSEUDONYM_KEY_FILE";

  /** Published in the repository on purpose: it protects nothing and is for the demo data only. */
  public static final String DEMO_KEY = "citykpi-DEMO-ONLY-not-a-secret";

  /**
   * The constant whose HMAC under the key is the key's fingerprint: recorded on the tables that
   * hold hashes, so that a run with another key is stopped before it mixes two keys' hashes. The
   * HMAC of a constant says which key was used without revealing it.
   */
  public static final String FINGERPRINT_INPUT = "citykpi-key-fingerprint-v1";

  private static final int BLOCK = 64;

  private final byte[] innerPad;
  private final byte[] outerPad;
  private final boolean demo;
  private final String fingerprint;

  public Pseudonymizer(byte[] key, boolean demo) {
    if (key.length < 16) {
      throw new CityKpiException("The pseudonymisation key must have at least 16 bytes");
    }
    this.fingerprint = fingerprint(key);
    byte[] k = key.length > BLOCK ? sha256(key) : key;
    innerPad = new byte[BLOCK];
    outerPad = new byte[BLOCK];
    for (int i = 0; i < BLOCK; i++) {
      byte b = i < k.length ? k[i] : 0;
      innerPad[i] = (byte) (b ^ 0x36);
      outerPad[i] = (byte) (b ^ 0x5c);
    }
    this.demo = demo;
  }

  /** The key from the environment; with {@code allowDemo} the demo key when none is set. */
  public static Pseudonymizer fromEnvironment(Map<String, String> env, boolean allowDemo) {
    return fromEnvironment(env, null, allowDemo);
  }

  /**
   * The key from {@code keyFile} (a {@code --key-file} flag) if given, else from the environment;
   * with {@code allowDemo} the demo key when none is set.
   */
  public static Pseudonymizer fromEnvironment(
      Map<String, String> env, Path keyFile, boolean allowDemo) {
    String key = keyFile == null ? env.get(KEY_ENV) : read(keyFile, "--key-file");
    String file = env.get(KEY_FILE_ENV);
    if (key == null && file != null) {
      key = read(Paths.get(file), KEY_FILE_ENV);
    }
    if (key != null) {
      return new Pseudonymizer(key.getBytes(StandardCharsets.UTF_8), false);
    }
    if (allowDemo) {
      return new Pseudonymizer(DEMO_KEY.getBytes(StandardCharsets.UTF_8), true);
    }
    throw new CityKpiException(
        "No pseudonymisation key: set "
            + KEY_ENV
            + " or "
            + KEY_FILE_ENV
            + " (a file outside git), or give --key-file FILE; for the sample data only,"
            + " --demo-key uses the published demo key (as `citykpi demo` does).");
  }

  private static String read(Path p, String what) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new CityKpiException(what + ": cannot read " + p + ": " + e.getMessage(), e);
    }
  }

  /**
   * The key's fingerprint: the first 16 hex digits of HMAC-SHA256(key, {@value
   * #FINGERPRINT_INPUT}). Never the key, and no use for recovering it.
   */
  public String fingerprint() {
    return fingerprint;
  }

  static String fingerprint(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of()
          .formatHex(mac.doFinal(FINGERPRINT_INPUT.getBytes(StandardCharsets.UTF_8)))
          .substring(0, 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public boolean isDemo() {
    return demo;
  }

  /** HMAC-SHA256 of the column's UTF-8 text as 64 hex digits; null stays null. */
  public Column hash(Column id) {
    Column inner = unhex(sha2(concat(lit(innerPad), encode(id, "UTF-8")), 256));
    return when(id.isNotNull(), sha2(concat(lit(outerPad), inner), 256));
  }

  private static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
