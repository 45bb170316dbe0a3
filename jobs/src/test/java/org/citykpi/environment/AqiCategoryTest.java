package org.citykpi.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** HJ 633-2012 Table 2 bands. */
class AqiCategoryTest {

  @ParameterizedTest(name = "AQI {0} -> {1}")
  @CsvSource({
    "0, 优, 一级, Excellent", "50, 优, 一级, Excellent",
    "51, 良, 二级, Good", "100, 良, 二级, Good",
    "101, 轻度污染, 三级, Lightly Polluted", "150, 轻度污染, 三级, Lightly Polluted",
    "151, 中度污染, 四级, Moderately Polluted", "200, 中度污染, 四级, Moderately Polluted",
    "201, 重度污染, 五级, Heavily Polluted", "300, 重度污染, 五级, Heavily Polluted",
    "301, 严重污染, 六级, Severely Polluted", "500, 严重污染, 六级, Severely Polluted",
  })
  void bandEdges(int aqi, String zh, String level, String en) {
    AqiCategory c = AqiCategory.of(aqi);
    assertThat(c.zh()).isEqualTo(zh);
    assertThat(c.level()).isEqualTo(level);
    assertThat(c.en()).isEqualTo(en);
  }

  @Test
  void nullAqiHasNoCategory() {
    assertThat(AqiCategory.of(null)).isNull();
  }

  @Test
  void negativeAqiIsRejected() {
    assertThatThrownBy(() -> AqiCategory.of(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("AQI must be >= 0, got -1");
  }
}
