package org.citykpi.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.citykpi.clean.Pseudonymizer;
import org.citykpi.clean.SilverPlan;
import org.citykpi.contract.Contracts;
import org.citykpi.contract.SourceContract;
import org.citykpi.domain.Domains;
import org.citykpi.ops.Tables;

/** The repository's contracts and declarations, for unit tests of the bronze → silver plan. */
public final class Plans {
  public static final Path SCHEMAS = Paths.get("schemas");
  public static final Map<String, SourceContract> CONTRACTS = Contracts.load(SCHEMAS);
  public static final Tables TABLES = Tables.load("unused", SCHEMAS, CONTRACTS);
  static final byte[] KEY_BYTES = "test-key-of-the-unit-tests".getBytes(StandardCharsets.UTF_8);
  public static final Pseudonymizer KEY = new Pseudonymizer(KEY_BYTES, false);

  private Plans() {}

  /** HMAC-SHA256 of an id under {@link #KEY}, computed by the JDK (what silver must hold). */
  public static String hash(String id) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(KEY_BYTES, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(id.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The plan of a repository contract. */
  public static SilverPlan plan(String source) {
    return SilverPlan.of(CONTRACTS.get(source), TABLES, Domains.all(), SCHEMAS);
  }
}
