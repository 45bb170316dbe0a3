package org.citykpi.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.citykpi.kpi.Kpi;
import org.junit.jupiter.api.Test;

class EvaluationTest {
  @Test
  void everyCatalogKpiIsInExactlyOneGroupAndTheWeightsAreMarkedProposed() {
    ReportRefs refs = Fixtures.refs();
    Evaluation ev = refs.evaluation();
    assertThat(ev.status()).isEqualTo("proposed");
    assertThat(ev.standard()).contains("GB/T 33356");
    assertThat(ev.weightsSource()).isNotBlank();
    for (Kpi k : refs.catalog().kpis()) {
      assertThat(ev.groupOf(k.id())).as("group of %s", k.id()).isNotNull();
    }
    assertThat(ev.groups())
        .extracting(Evaluation.Group::nameZh)
        .contains("惠民服务", "精准治理", "生态宜居", "信息基础设施", "信息资源", "网络安全", "改革创新", "市民体验");
    assertThat(ev.bands()).extracting(Evaluation.Band::min).containsExactly(0.0, 55.0, 70.0, 85.0);
  }

  @Test
  void problemsNameTheKpiAndTheGroup() {
    Evaluation ev = Fixtures.refs().evaluation();
    List<String> ids = List.of("T01", "T02", "X99");
    List<String> problems = ev.problems(ids);
    assertThat(problems)
        .contains("KPI X99 of the catalog is in no group")
        .anyMatch(p -> p.startsWith("group services: KPI T13 is not in the catalog"));
  }
}
