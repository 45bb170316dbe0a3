package org.citykpi.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.citykpi.common.CityKpiException;

/**
 * {@code report.json}: what a report was made from, so that {@code ./citykpi report rebuild}
 * regenerates the same HTML by Delta time travel: the parameters, the generation time shown on the
 * page, the warehouse and the version of every table read; also a digest of the contracts it used
 * and of each HTML file, to tell a faithful rebuild from one after the code or contracts changed.
 *
 * @param tables table name to the Delta version read
 * @param schemasSha256 SHA-256 over the catalog, evaluation groups, programmes and cities files
 * @param htmlSha256 file name to the SHA-256 of each HTML file written
 */
public record Manifest(
    int manifestVersion,
    String citykpiVersion,
    String kind,
    String period,
    List<String> langs,
    List<String> formats,
    List<String> programmes,
    List<String> cities,
    String generatedAt,
    String warehouse,
    Map<String, Long> tables,
    String schemasSha256,
    Map<String, String> htmlSha256) {

  public static final String FILE = "report.json";
  static final int VERSION = 1;
  static final String CITYKPI_VERSION = "0.1.0";

  /** The contract files whose change would change a report's text. */
  static final List<String> SCHEMA_FILES =
      List.of(
          "kpi/catalog.yaml",
          "kpi/evaluation.yaml",
          "reference/programmes.yaml",
          "reference/cities.yaml");

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  /** The same manifest with the digests of the HTML files written. */
  Manifest withHtmlSha256(Map<String, String> digests) {
    return new Manifest(
        manifestVersion,
        citykpiVersion,
        kind,
        period,
        langs,
        formats,
        programmes,
        cities,
        generatedAt,
        warehouse,
        tables,
        schemasSha256,
        new TreeMap<>(digests));
  }

  public void write(Path file) {
    try {
      Files.writeString(file, JSON.writeValueAsString(this) + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CityKpiException("Cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  public static Manifest read(Path file) {
    try {
      Manifest m = JSON.readValue(Files.readAllBytes(file), Manifest.class);
      if (m.manifestVersion() != VERSION
          || m.kind() == null
          || m.period() == null
          || m.tables() == null
          || m.generatedAt() == null) {
        throw new CityKpiException(
            file + " is not a CityKPI report manifest (version " + VERSION + ")");
      }
      return m;
    } catch (IOException e) {
      throw new CityKpiException(
          "Cannot read report manifest " + file + ": " + e.getMessage().split("\n")[0], e);
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The digest of the contract files a report depends on (missing files count as empty). */
  static String schemasSha256(Path schemas) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      for (String f : SCHEMA_FILES) {
        Path p = schemas.resolve(f);
        d.update(f.getBytes(StandardCharsets.UTF_8));
        if (Files.exists(p)) {
          d.update(Files.readAllBytes(p));
        }
      }
      return HexFormat.of().formatHex(d.digest());
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new CityKpiException(
          "Cannot read the contracts in " + schemas + ": " + e.getMessage(), e);
    }
  }
}
