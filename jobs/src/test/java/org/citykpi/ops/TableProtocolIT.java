package org.citykpi.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.citykpi.common.Yaml;
import org.citykpi.contract.Contracts;
import org.citykpi.testing.SparkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every declared table, created through {@link Tables} (the one way jobs write), asks no more of a
 * Delta reader or writer than {@code schemas/delta-protocol.yaml} allows, so delta-rs, polars and
 * DuckDB read the warehouse (notebooks/tests/test_readers.py checks the tables of a real run, after
 * replaces and compactions).
 */
@ExtendWith(SparkExtension.class)
class TableProtocolIT {
  static final Path SCHEMAS = Paths.get("schemas");

  /** schemas/delta-protocol.yaml. */
  record Limits(
      @JsonProperty("max_reader_version") int maxReader,
      @JsonProperty("max_writer_version") int maxWriter,
      @JsonProperty("reader_features") Set<String> readerFeatures,
      @JsonProperty("writer_features") Set<String> writerFeatures) {

    static Limits load() {
      return Yaml.read(SCHEMAS.resolve("delta-protocol.yaml"), Limits.class);
    }

    /**
     * What the table at {@code dir} asks beyond the limits; empty when it keeps to them. Reads the
     * latest protocol action of its commit files, as a reader does (no Spark job).
     */
    List<String> violations(Path dir) throws IOException {
      JsonNode protocol = null;
      try (Stream<Path> commits = Files.list(dir.resolve("_delta_log"))) {
        for (Path c : commits.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
          for (String line : Files.readAllLines(c)) {
            JsonNode action = JSON.readTree(line);
            if (action.has("protocol")) {
              protocol = action.get("protocol");
            }
          }
        }
      }
      assertThat(protocol).as("protocol action in " + dir).isNotNull();
      List<String> out = new ArrayList<>();
      int reader = protocol.get("minReaderVersion").asInt();
      int writer = protocol.get("minWriterVersion").asInt();
      if (reader > maxReader) {
        out.add("reader version " + reader + " > " + maxReader);
      }
      if (writer > maxWriter) {
        out.add("writer version " + writer + " > " + maxWriter);
      }
      for (JsonNode f : protocol.path("readerFeatures")) {
        if (!readerFeatures.contains(f.asText())) {
          out.add("reader feature " + f.asText());
        }
      }
      for (JsonNode f : protocol.path("writerFeatures")) {
        if (!writerFeatures.contains(f.asText()) && !readerFeatures.contains(f.asText())) {
          out.add("writer feature " + f.asText());
        }
      }
      return out;
    }
  }

  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyDeclaredTableKeepsToTheDocumentedProtocol(SparkSession spark, @TempDir Path dir)
      throws Exception {
    Tables tables = Tables.load(dir.toString(), SCHEMAS, Contracts.load(SCHEMAS));
    Limits limits = Limits.load();
    // Creating ~35 empty tables is commit overhead, not data: a few at a time (ensure() is
    // synchronized per Tables, so one Tables per thread).
    ThreadLocal<Tables> perThread =
        ThreadLocal.withInitial(
            () -> Tables.load(dir.toString(), SCHEMAS, Contracts.load(SCHEMAS)));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> created = new ArrayList<>();
      for (TableSpec s : tables.specs().values()) {
        created.add(pool.submit(() -> perThread.get().ensure(spark, s.table())));
      }
      for (Future<?> f : created) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    Map<String, List<String>> violations = new LinkedHashMap<>();
    for (TableSpec s : tables.specs().values()) {
      List<String> v = limits.violations(Paths.get(tables.path(s.table())));
      if (!v.isEmpty()) {
        violations.put(s.table(), v);
      }
    }

    assertThat(tables.specs()).hasSizeGreaterThan(20);
    assertThat(violations).as("tables beyond schemas/delta-protocol.yaml").isEmpty();
  }

  @Test
  void aTableWithDeletionVectorsIsReported(SparkSession spark, @TempDir Path dir)
      throws IOException {
    Path table = dir.resolve("dv");
    spark.sql(
        "CREATE TABLE delta.`"
            + table
            + "` (id INT) USING delta TBLPROPERTIES ('delta.enableDeletionVectors' = 'true')");

    assertThat(Limits.load().violations(table)).contains("reader feature deletionVectors");
  }
}
