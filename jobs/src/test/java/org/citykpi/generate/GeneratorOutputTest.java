package org.citykpi.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One small run shared by the tests of file layout, headers, encodings and determinism. */
class GeneratorOutputTest {

  private static final String CITIES = "420500,320900";

  @TempDir static Path tmp;
  static Path first;
  static List<SourceSummary> summaries;

  @BeforeAll
  static void generate() {
    first = tmp.resolve("a");
    summaries = new Generator(config(first, 7), DirtRates.DEFAULT).run();
  }

  private static GenerateConfig config(Path out, long seed) {
    return TestData.config(CITIES, "2026-09-28", "2026-10-04", "2025-11", 1, seed, out);
  }

  @Test
  void sameSeedGivesSameBytesInEveryFile() throws IOException {
    Path second = tmp.resolve("b");
    new Generator(config(second, 7), DirtRates.DEFAULT).run();

    List<Path> a = TestData.files(first);
    List<Path> b = TestData.files(second);
    assertThat(b.stream().map(p -> second.relativize(p).toString()))
        .containsExactlyElementsOf(a.stream().map(p -> first.relativize(p).toString()).toList());
    for (Path p : a) {
      assertThat(Files.readAllBytes(second.resolve(first.relativize(p).toString())))
          .as("bytes of %s", first.relativize(p))
          .isEqualTo(Files.readAllBytes(p));
    }
  }

  @Test
  void otherSeedGivesOtherData() throws IOException {
    Path other = tmp.resolve("c");
    new Generator(config(other, 8), DirtRates.DEFAULT).run();
    Path file = Path.of("traffic", "transit_trip", "2026-09-28.csv.gz");

    assertThat(TestData.bytes(other.resolve(file)))
        .isNotEqualTo(TestData.bytes(first.resolve(file)));
  }

  @Test
  void gzipHeadersCarryNoTimestamp() throws IOException {
    List<Path> gz =
        TestData.files(first).stream().filter(p -> p.toString().endsWith(".gz")).toList();

    assertThat(gz).isNotEmpty();
    for (Path p : gz) {
      byte[] b = Files.readAllBytes(p);
      assertThat(new byte[] {b[0], b[1], b[4], b[5], b[6], b[7]})
          .as("magic and mtime of %s", p)
          .containsExactly(0x1f, 0x8b, 0, 0, 0, 0);
    }
  }

  @Test
  void layoutFollowsTheDataModel() {
    assertThat(first.resolve("environment/air_station_hourly/2026-09-28.csv")).isRegularFile();
    assertThat(first.resolve("traffic/road_speed/2026-10-04.csv.gz")).isRegularFile();
    assertThat(first.resolve("traffic/transit_trip/2026-09-28.csv.gz")).isRegularFile();
    assertThat(first.resolve("health/outpatient_visit/2026-09-28.csv.gz")).isRegularFile();
    assertThat(first.resolve("traffic/vehicle_registry/2025-11.csv.gz")).isRegularFile();
    assertThat(first.resolve("traffic/vehicle_registry/2026-10.csv.gz")).isRegularFile();
    assertThat(first.resolve("traffic/vehicle_registry/2026-11.csv.gz")).doesNotExist();
    assertThat(first.resolve("economy/city_monthly_stats/2025.csv")).isRegularFile();
    assertThat(first.resolve("economy/city_monthly_stats/2026.csv")).isRegularFile();
    assertThat(summaries)
        .extracting(SourceSummary::source)
        .containsExactly(
            "air_station_hourly",
            "road_speed",
            "transit_trip",
            "outpatient_visit",
            "vehicle_registry",
            "city_monthly_stats");
  }

  @Test
  void everyFileStartsWithTheContractHeader() throws IOException {
    Set<String> cityFeeds =
        Set.of(
            "air_station_hourly",
            "road_speed",
            "transit_trip",
            "vehicle_registry",
            "outpatient_visit",
            "city_monthly_stats");
    Map<String, String> expected = new TreeMap<>();
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    try (var s = Files.list(TestData.SCHEMAS.resolve("sources"))) {
      for (Path contract : s.toList()) {
        JsonNode root = yaml.readTree(contract.toFile());
        if (!cityFeeds.contains(root.path("source").asText())) {
          continue; // real-data contracts (CNEMC, NBS, ...) are not generated
        }
        List<String> headers = new ArrayList<>();
        root.path("columns").forEach(c -> headers.add(c.path("source").asText()));
        expected.put(
            root.path("domain").asText() + "/" + root.path("source").asText(),
            String.join(",", headers));
      }
    }
    assertThat(expected).hasSize(6);
    for (Map.Entry<String, String> e : expected.entrySet()) {
      List<Path> files = TestData.files(first.resolve(e.getKey()));
      assertThat(files).as("files of %s", e.getKey()).isNotEmpty();
      for (Path f : files) {
        assertThat(TestData.lines(f).get(0)).as("header of %s", f).isEqualTo(e.getValue());
      }
    }
  }

  @Test
  void exactlyOneFileIsGb18030AndItIsNotUtf8() throws IOException {
    Path gbk = first.resolve("health/outpatient_visit/2026-09-30.csv");
    List<Path> plain =
        TestData.files(first.resolve("health/outpatient_visit")).stream()
            .filter(p -> p.toString().endsWith(".csv"))
            .toList();
    byte[] bytes = Files.readAllBytes(gbk);

    assertThat(plain).containsExactly(gbk);
    assertThatThrownBy(
            () ->
                StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)))
        .isInstanceOf(CharacterCodingException.class);
    String text =
        DeliveryPlan.GBK
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes))
            .toString();
    assertThat(text).contains("科").contains(",2026-09-30 ");
  }

  @Test
  void lateFileHoldsTheRowsOfAnEarlierDayThatHasNoFileOfItsOwn() throws IOException {
    // range of 7 days: the late day is the last one (2026-10-04), delivered 3 days later
    Path dir = first.resolve("environment/air_station_hourly");
    List<String> lines = TestData.lines(dir.resolve("2026-10-07_late.csv"));

    assertThat(dir.resolve("2026-10-04.csv")).doesNotExist();
    assertThat(
            lines.subList(1, lines.size()).stream()
                .filter(l -> l.split(",", -1).length == 13)
                .map(l -> l.split(",")[2])
                .filter(t -> t.matches("\\d{4}-\\d\\d-\\d\\d .*"))
                .map(t -> t.substring(0, 10))
                .distinct())
        .containsExactly("2026-10-04");
  }

  @Test
  void sampleDefaultsPutTheLateFileWhereTheReadmeSays() {
    DeliveryPlan plan =
        new DeliveryPlan(TestData.config("320900", "2026-09-14", "2026-11-15", null, 1, 1, tmp));

    assertThat(plan.lateDay()).hasToString("2026-10-11");
    assertThat(plan.lateFileName()).isEqualTo("2026-10-14_late.csv");
    assertThat(plan.gbkDay()).hasToString("2026-09-16");
  }
}
