package org.citykpi.clean;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.citykpi.testing.DataFrameAssert.assertRows;
import static org.citykpi.testing.DataFrameAssert.frame;
import static org.citykpi.testing.DataFrameAssert.row;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citykpi.common.CityKpiException;
import org.citykpi.testing.SparkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark-built HMAC equals the JDK's HMAC-SHA256, and the key comes only from where it should.
 */
@ExtendWith(SparkExtension.class)
class PseudonymizerTest {
  static final String KEY = "0123456789abcdef-test-key";

  /** The reference: javax.crypto HMAC-SHA256 of the UTF-8 id, lower-case hex. */
  static String hmac(String key, String id) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(id.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static Dataset<Row> hashed(SparkSession spark, String key, String... ids) {
    Row[] rows = Arrays.stream(ids).map(id -> row(id)).toArray(Row[]::new);
    Pseudonymizer p = new Pseudonymizer(key.getBytes(StandardCharsets.UTF_8), false);
    return frame(spark, "id STRING", rows).select(col("id"), p.hash(col("id")).as("key"));
  }

  @Test
  void hashEqualsJdkHmacAndNullStaysNull(SparkSession spark) {
    Dataset<Row> h = hashed(spark, KEY, "12345678", "京A12345", "", null);

    assertRows(
        h,
        List.of(
            row("12345678", hmac(KEY, "12345678")),
            row("京A12345", hmac(KEY, "京A12345")),
            row("", hmac(KEY, "")),
            row(null, null)));
  }

  @Test
  void keyLongerThanOneBlockIsHashedFirstAsRfc2104Says(SparkSession spark) {
    String longKey = "k".repeat(65);
    String blockKey = "k".repeat(64);

    assertRows(
        hashed(spark, longKey, "12345678", null),
        List.of(row("12345678", hmac(longKey, "12345678")), row(null, null)));
    assertRows(
        hashed(spark, blockKey, "12345678"), List.of(row("12345678", hmac(blockKey, "12345678"))));
  }

  @Test
  void keyOfSixteenBytesIsAcceptedAndFifteenRejected() {
    assertThat(new Pseudonymizer(new byte[16], false).isDemo()).isFalse();
    assertThatThrownBy(() -> new Pseudonymizer(new byte[15], false))
        .isInstanceOf(CityKpiException.class)
        .hasMessage("The pseudonymisation key must have at least 16 bytes");
  }

  @Test
  void keyFromEnvironmentVariable(SparkSession spark) {
    Pseudonymizer p = Pseudonymizer.fromEnvironment(Map.of(Pseudonymizer.KEY_ENV, KEY), false);

    assertThat(p.isDemo()).isFalse();
    assertRows(
        frame(spark, "id STRING", row("12345678")).select(p.hash(col("id"))),
        List.of(row(hmac(KEY, "12345678"))));
  }

  @Test
  void keyFromFileIsStrippedOfItsNewline(SparkSession spark, @TempDir Path dir) throws IOException {
    Path f = Files.writeString(dir.resolve("key"), KEY + "\n");

    Pseudonymizer p =
        Pseudonymizer.fromEnvironment(Map.of(Pseudonymizer.KEY_FILE_ENV, f.toString()), false);

    assertThat(p.isDemo()).isFalse();
    assertRows(
        frame(spark, "id STRING", row("12345678")).select(p.hash(col("id"))),
        List.of(row(hmac(KEY, "12345678"))));
  }

  @Test
  void unreadableKeyFileFailsNamingTheVariable(@TempDir Path dir) {
    Map<String, String> env = Map.of(Pseudonymizer.KEY_FILE_ENV, dir.resolve("missing").toString());

    assertThatThrownBy(() -> Pseudonymizer.fromEnvironment(env, true))
        .isInstanceOf(CityKpiException.class)
        .hasMessageStartingWith(
            "CITYKPI_PSEUDONYM_KEY_FILE: cannot read " + dir.resolve("missing"));
  }

  @Test
  void noKeyWithoutDemoFailsNamingTheVariable() {
    assertThatThrownBy(() -> Pseudonymizer.fromEnvironment(Map.of(), false))
        .isInstanceOf(CityKpiException.class)
        .hasMessageStartingWith(
            "No pseudonymisation key: set CITYKPI_PSEUDONYM_KEY or CITYKPI_PSEUDONYM_KEY_FILE");
  }

  @Test
  void noKeyWithDemoUsesTheDemoKey(SparkSession spark) {
    Pseudonymizer p = Pseudonymizer.fromEnvironment(Map.of(), true);

    assertThat(p.isDemo()).isTrue();
    assertRows(
        frame(spark, "id STRING", row("12345678")).select(p.hash(col("id"))),
        List.of(row(hmac(Pseudonymizer.DEMO_KEY, "12345678"))));
  }

  @Test
  void realKeyWinsOverDemo() {
    assertThat(Pseudonymizer.fromEnvironment(Map.of(Pseudonymizer.KEY_ENV, KEY), true).isDemo())
        .isFalse();
  }

  @Test
  void missingKeyMessageNamesEveryWayToGiveOneIncludingTheDemoKey() {
    assertThatThrownBy(() -> Pseudonymizer.fromEnvironment(Map.of(), null, false))
        .isInstanceOf(CityKpiException.class)
        .hasMessageContaining("--key-file FILE")
        .hasMessageContaining("--demo-key");
  }

  @Test
  void keyFileFlagWinsOverTheEnvironment(@TempDir Path dir) throws IOException {
    Path f = Files.writeString(dir.resolve("key"), "another-key-of-16-bytes\n");

    Pseudonymizer p = Pseudonymizer.fromEnvironment(Map.of(Pseudonymizer.KEY_ENV, KEY), f, false);

    assertThat(p.fingerprint())
        .isEqualTo(hmac("another-key-of-16-bytes", "citykpi-key-fingerprint-v1").substring(0, 16));
  }

  @Test
  void fingerprintIsTheHmacOfAConstantNeverTheKey() {
    Pseudonymizer p = new Pseudonymizer(KEY.getBytes(StandardCharsets.UTF_8), false);

    assertThat(p.fingerprint())
        .isEqualTo(hmac(KEY, Pseudonymizer.FINGERPRINT_INPUT).substring(0, 16))
        .hasSize(16)
        .doesNotContain(KEY);
    assertThat(Pseudonymizer.fromEnvironment(Map.of(), true).fingerprint())
        .as("another key, another fingerprint")
        .isNotEqualTo(p.fingerprint());
    assertThat(new Pseudonymizer(KEY.getBytes(StandardCharsets.UTF_8), false).fingerprint())
        .as("stable")
        .isEqualTo(p.fingerprint());
  }

  @Test
  void keyLongerThanABlockHasTheJdkFingerprint() {
    String longKey = "k".repeat(65);

    assertThat(new Pseudonymizer(longKey.getBytes(StandardCharsets.UTF_8), false).fingerprint())
        .isEqualTo(hmac(longKey, Pseudonymizer.FINGERPRINT_INPUT).substring(0, 16));
  }
}
