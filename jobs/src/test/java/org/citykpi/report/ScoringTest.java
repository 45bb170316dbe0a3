package org.citykpi.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScoringTest {
  final Evaluation ev = Fixtures.refs().evaluation();

  static AttRow row(String kpi, Double value, Double attainment, String status) {
    return Fixtures.att(
        "kpiId", kpi, "value", value, "attainmentPct", attainment, "status", status);
  }

  @Test
  void indicatorScoreIsCappedAttainmentAndMissingIsNotZero() {
    assertThat(Scoring.indicator(row("T02", 90.0, 105.9, "met"))).isEqualTo(100.0);
    assertThat(Scoring.indicator(row("T02", 60.0, 70.6, "off track"))).isEqualTo(70.6);
    assertThat(Scoring.indicator(row("T02", -5.0, -5.9, "off track"))).isEqualTo(0.0);
    assertThat(Scoring.indicator(row("T02", null, null, "insufficient data"))).isNull();
    // a value whose status says the data is insufficient (coverage < 50 %) is not scored
    assertThat(Scoring.indicator(row("Q02", 20.0, 66.7, "insufficient data"))).isNull();
    // T11: 年均增长30% promised, 15 % achieved: half the growth caps the score at 50
    AttRow t11 =
        Fixtures.att(
            "kpiId",
            "T11",
            "value",
            800.0,
            "attainmentPct",
            114.3,
            "targetGrowthPct",
            30.0,
            "growthCagrPct",
            15.0,
            "status",
            "off track");
    assertThat(Scoring.indicator(t11)).isEqualTo(50.0);
  }

  /**
   * Hand computation: infrastructure (weight 7) T02 70 and T07 90 → 80; services (weight 37) T14
   * 100 → 100; one indicator of 4 missing (25 % > 20 %): no overall score, groups still shown.
   */
  @Test
  void groupsAreMeansAndTheOverallIsTheWeightedMeanOverScoredGroups() {
    List<AttRow> rows = new ArrayList<>();
    rows.add(row("T02", 59.5, 70.0, "off track"));
    rows.add(row("T07", 81.0, 90.0, "off track"));
    rows.add(row("T14", 95.0, 105.6, "met"));
    rows.add(row("T02-none", null, null, "no target")); // a measure: not an indicator
    Scoring.Score s = Scoring.score(ev, rows);
    assertThat(s.total()).isEqualTo(3);
    assertThat(s.missing()).isZero();
    Scoring.GroupScore infra = group(s, "infrastructure");
    assertThat(infra.score()).isCloseTo(80.0, within(1e-9));
    assertThat(infra.scored()).isEqualTo(2);
    // weights renormalised over the two scored groups: 7 / 44 and 37 / 44
    assertThat(infra.effectiveWeightPct()).isCloseTo(100 * 7.0 / 44, within(1e-9));
    double overall = (7 * 80.0 + 37 * 100.0) / 44;
    assertThat(s.overall()).isCloseTo(overall, within(1e-9));
    assertThat(
            s.groups().stream()
                .filter(g -> g.contribution() != null)
                .mapToDouble(g -> g.contribution())
                .sum())
        .isCloseTo(overall, within(1e-9));
    assertThat(s.band().id()).isEqualTo("mature"); // 96.8 ≥ 85
    assertThat(group(s, "security").score()).isNull();

    rows.add(row("T06", null, null, "insufficient data"));
    Scoring.Score missing = Scoring.score(ev, rows);
    assertThat(missing.missing()).isEqualTo(1);
    assertThat(missing.missingPct()).isEqualTo(25.0);
    assertThat(missing.tooManyMissing()).isTrue();
    assertThat(missing.overall()).isNull();
    assertThat(missing.band()).isNull();
    assertThat(group(missing, "infrastructure").indicators()).isEqualTo(3);
  }

  @Test
  void bandsFollowTheThresholds() {
    assertThat(ev.band(54.99).nameZh()).isEqualTo("准备期");
    assertThat(ev.band(55).nameZh()).isEqualTo("起步期");
    assertThat(ev.band(70).nameZh()).isEqualTo("成长期");
    assertThat(ev.band(84.9).nameZh()).isEqualTo("成长期");
    assertThat(ev.band(85).nameZh()).isEqualTo("成熟期");
  }

  static Scoring.GroupScore group(Scoring.Score s, String id) {
    return s.groups().stream().filter(g -> g.group().id().equals(id)).findFirst().orElseThrow();
  }
}
