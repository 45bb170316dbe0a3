package org.citykpi.economy;

import java.util.List;
import org.citykpi.domain.Domain;
import org.citykpi.domain.Entity;
import org.citykpi.domain.Fact;

/** Monthly city statistics and annual NBS province figures; the city-month indicator fact. */
public final class EconomyDomain implements Domain {
  @Override
  public String name() {
    return "economy";
  }

  @Override
  public List<Entity> entities() {
    return List.of(Entity.declared("city_monthly_stat"), Entity.declared("province_annual_stat"));
  }

  @Override
  public List<Fact> facts() {
    return List.of(
        new Fact(
            "gold.city_month_indicators",
            List.of("silver.city_monthly_stat"),
            (in, ctx) ->
                EconomyMonthly.toCityMonth(
                    in.get(0), List.copyOf(ctx.reference().indicators().keySet()))));
  }
}
