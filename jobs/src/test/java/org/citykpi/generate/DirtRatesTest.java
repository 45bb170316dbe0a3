package org.citykpi.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirtRatesTest {

  @TempDir Path out;

  @Test
  void injectedDirtMatchesTheDocumentedRatesAndTheFiles() throws IOException {
    GenerateConfig config =
        TestData.config("pilots", "2026-10-05", "2026-10-18", "2026-01", 2, 99, out);
    List<SourceSummary> summaries = new Generator(config, DirtRates.DEFAULT).run();

    DirtCounts total = new DirtCounts();
    summaries.forEach(s -> total.add(s.counts()));
    assertThat(total.rows()).as("rows in the larger run").isGreaterThan(150_000);
    assertRate("null", total.nulls(), total.rows(), DirtRates.DEFAULT_NULL);
    assertRate("out of range", total.outOfRange(), total.rows(), DirtRates.DEFAULT_OUT_OF_RANGE);
    assertRate("duplicate", total.duplicates(), total.rows(), DirtRates.DEFAULT_DUPLICATE);
    assertRate("unknown city", total.unknownCity(), total.rows(), DirtRates.DEFAULT_UNKNOWN_CITY);
    assertRate("malformed", total.malformed(), total.rows(), DirtRates.DEFAULT_MALFORMED);
    assertThat(total.lines())
        .as("a duplicate adds a line")
        .isEqualTo(total.rows() + total.duplicates());

    for (SourceSummary s : summaries) {
      Path dir = out.resolve(s.domain()).resolve(s.source());
      int width = SourceContract.load(TestData.SCHEMAS, s.source()).columns().size();
      long unknown = 0;
      long badWidth = 0;
      long adjacentDuplicates = 0;
      long lines = 0;
      for (Path f : TestData.files(dir)) {
        List<String> l = TestData.lines(f);
        for (int i = 1; i < l.size(); i++) {
          lines++;
          String[] fields = l.get(i).split(",", -1);
          badWidth += fields.length != width ? 1 : 0;
          unknown +=
              fields.length == width && List.of(fields).contains(DirtRates.UNKNOWN_CITY_CODE)
                  ? 1
                  : 0;
          adjacentDuplicates += l.get(i).equals(l.get(i - 1)) ? 1 : 0;
        }
      }
      assertThat(lines).as("%s data lines", s.source()).isEqualTo(s.counts().lines());
      assertThat(badWidth).as("%s malformed lines", s.source()).isEqualTo(s.counts().malformed());
      assertThat(unknown)
          .as("%s unknown-city lines", s.source())
          .isEqualTo(s.counts().unknownCity());
      assertThat(adjacentDuplicates)
          .as("%s duplicate lines", s.source())
          .isEqualTo(s.counts().duplicates());
    }
  }

  @Test
  void noDirtMeansEveryLineIsARow() {
    GenerateConfig config =
        TestData.config("320900", "2026-10-05", "2026-10-06", "2026-10", 1, 5, out);

    for (SourceSummary s : new Generator(config, DirtRates.NONE).run()) {
      assertThat(s.counts().dirty()).as(s.source()).isZero();
      assertThat(s.counts().lines()).as(s.source()).isEqualTo(s.counts().rows());
    }
  }

  @Test
  void ratesAreValidated() {
    assertThatThrownBy(() -> new DirtRates(-0.1, 0, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-0.1");
    assertThatThrownBy(() -> new DirtRates(0.5, 0.5, 0.5, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sum");
    assertThat(new DirtRates(1, 0, 0, 0, 0).nulls()).isEqualTo(1);
  }

  /** Within ±25 % of the documented rate (binomial noise at these sizes is a few per cent). */
  private static void assertRate(String kind, long count, long rows, double rate) {
    assertThat((double) count / rows)
        .as("%s rate (%d of %d)", kind, count, rows)
        .isBetween(rate * 0.75, rate * 1.25);
  }
}
