package org.citykpi.generate;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code city_monthly_stats}: one row per city, month and indicator of indicators.yaml, in that
 * file's order, with the indicator's own unit. Values come from {@link TrendModel#month}; an
 * indicator the model does not know (added to indicators.yaml later) fails loudly rather than being
 * invented.
 */
final class CityMonthlyStatsFeed implements Feed<YearMonth> {

  private final long seed;
  private final List<Indicator> indicators;

  CityMonthlyStatsFeed(long seed, List<Indicator> indicators) {
    this.seed = seed;
    this.indicators = List.copyOf(indicators);
  }

  @Override
  public String source() {
    return "city_monthly_stats";
  }

  @Override
  public List<String> columns() {
    return List.of("city_code", "month", "indicator_code", "value", "unit");
  }

  @Override
  public List<String[]> rows(CityProfile city, YearMonth month, SplittableRandom rng) {
    Map<String, Double> values = new TrendModel(city, seed).month(month);
    List<String[]> rows = new ArrayList<>(indicators.size());
    for (Indicator ind : indicators) {
      Double v = values.get(ind.code());
      if (v == null) {
        throw new IllegalStateException(
            "indicator "
                + ind.code()
                + " of indicators.yaml has no trend in "
                + TrendModel.class.getSimpleName()
                + "; add one there");
      }
      rows.add(
          new String[] {
            city.code(), month.toString(), ind.code(), Fmt.dec(v, decimals(ind.unit())), ind.unit()
          });
    }
    return rows;
  }

  /** Money to 0.01 亿元 (1 million yuan), percentages and Mbps to one decimal, counts whole. */
  static int decimals(String unit) {
    return switch (unit) {
      case "yuan_100m" -> 2;
      case "pct", "Mbps" -> 1;
      default -> 0;
    };
  }
}
