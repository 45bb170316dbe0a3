package org.citykpi.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The jump rule of ops.dq_metrics with hand-computed values. Rates are binary fractions (1/8, 3/8,
 * 5/8) so that the boundary {@code mean + 3 sd} is exact in floating point.
 */
class DqJumpTest {
  /** Seven days alternating 1/8 and 3/8: mean 0.25, population sd 0.125, bar 0.625. */
  static final double[] ALTERNATING = {0.125, 0.375, 0.125, 0.375, 0.125, 0.375, 0.25};

  @Test
  void aNullOrEmptyHistoryIsNotJudged() {
    assertThat(DqJump.judge(1000, 900, null)).isEqualTo(new DqJump.Verdict(null, 0, null, null));
    assertThat(DqJump.judge(1000, 900, new double[0]).jump()).isNull();
  }

  @Test
  void meanAndSdAreThePopulationOnes() {
    // mean (3*0.125 + 3*0.375 + 0.25) / 7 = 1.75 / 7 = 0.25; squares 6 * 0.015625 + 0 = 0.09375;
    // sd = sqrt(0.09375 / 7) = 0.11572751247156893
    DqJump.Verdict v = DqJump.judge(800, 0, ALTERNATING);
    assertThat(v.mean()).isEqualTo(0.25);
    assertThat(v.sd()).isCloseTo(0.11572751247156893, org.assertj.core.data.Offset.offset(1e-15));
    assertThat(v.days()).isEqualTo(7);
    assertThat(v.jump()).isFalse();
  }

  @Test
  void exactlyThreeSigmaIsNoJumpOneRowMoreIs() {
    // history of eight days, 1/8 and 3/8 alternating: mean 0.25, sd exactly 0.125, bar 0.625
    double[] h = {0.125, 0.375, 0.125, 0.375, 0.125, 0.375, 0.125, 0.375};
    DqJump.Verdict atBar = DqJump.judge(800, 500, h); // 500 / 800 = 0.625 = mean + 3 sd
    assertThat(atBar.mean()).isEqualTo(0.25);
    assertThat(atBar.sd()).isEqualTo(0.125);
    assertThat(atBar.jump()).as("a rate equal to mean + 3 sd is not beyond it").isFalse();
    assertThat(DqJump.judge(800, 501, h).jump()).isTrue();
  }

  @Test
  void aFlatHistoryUsesFiveTimesTheMean() {
    double[] flat = {0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01};
    assertThat(DqJump.judge(1000, 50, flat).jump()).as("5.0%% = 5 x mean").isFalse();
    assertThat(DqJump.judge(1000, 51, flat).jump()).as("5.1%% > 5 x mean").isTrue();
  }

  @Test
  void aRuleThatNeverFailedJumpsFromFiveRows() {
    double[] zeros = new double[10];
    DqJump.Verdict v = DqJump.judge(100, 5, zeros);
    assertThat(v.sd()).isZero();
    assertThat(v.jump()).isTrue();
    assertThat(DqJump.judge(100, 4, zeros).jump()).as("below MIN_FAILED").isFalse();
    assertThat(DqJump.judge(100, 0, zeros).jump()).isFalse();
  }

  @Test
  void tooFewRowsOrDaysAreNotJudged() {
    double[] zeros = new double[10];
    assertThat(DqJump.judge(99, 99, zeros).jump()).as("99 rows checked").isNull();
    assertThat(DqJump.judge(100, 100, new double[6]).jump()).as("6 days of history").isNull();
    assertThat(DqJump.judge(100, 100, new double[7]).jump()).as("7 days of history").isTrue();
  }

  @Test
  void theJudgeTakesTheTrailingFourWeeksWithZeroDaysForAbsentRules() {
    // The stage checked 100 rows a day from Jan 1 to Feb 10; the rule failed 1 row on Jan 1 only
    // (outside the 28 days before Feb 10) and 20 rows on Feb 10.
    List<DqMetrics.Measure> all = new ArrayList<>();
    LocalDate d = LocalDate.of(2024, 1, 1);
    while (!d.isAfter(LocalDate.of(2024, 2, 10))) {
      all.add(new DqMetrics.Measure("ingest", "s", DqMetrics.ANY_RULE, d, 100, 0));
      d = d.plusDays(1);
    }
    all.add(new DqMetrics.Measure("ingest", "s", "x.range", LocalDate.of(2024, 1, 1), 100, 1));
    DqMetrics.Measure feb10 =
        new DqMetrics.Measure("ingest", "s", "x.range", LocalDate.of(2024, 2, 10), 100, 20);
    all.add(feb10);
    DqJump.Verdict v = new DqMetrics.Judge(all).verdict(feb10, false);
    assertThat(v.days()).as("Jan 13 .. Feb 9").isEqualTo(28);
    assertThat(v.mean()).isZero();
    assertThat(v.jump()).isTrue();
    // Jan 14: its window Dec 17 .. Jan 13 holds 13 days, one of them (Jan 1) at 1 %
    DqMetrics.Measure jan14 =
        new DqMetrics.Measure("ingest", "s", "x.range", LocalDate.of(2024, 1, 14), 100, 5);
    DqJump.Verdict w = new DqMetrics.Judge(all).verdict(jan14, false);
    assertThat(w.days()).isEqualTo(13);
    assertThat(w.mean()).isEqualTo(0.01 / 13);
    assertThat(w.jump()).isTrue();
  }
}
