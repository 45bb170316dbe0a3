package org.citykpi.traffic;

import java.util.List;
import org.citykpi.domain.Domain;
import org.citykpi.domain.Entity;
import org.citykpi.domain.Fact;

/**
 * Road speeds, traffic volumes, smart-card trips and vehicle registrations. Their silver rows need
 * nothing beyond the contracts and the declarations (peak hours and public modes are declared
 * expressions in schemas/tables/silver); the city-day and city-month facts are domain code.
 */
public final class TrafficDomain implements Domain {
  @Override
  public String name() {
    return "traffic";
  }

  @Override
  public List<Entity> entities() {
    return List.of(
        Entity.declared("road_speed"),
        Entity.declared("traffic_volume"),
        Entity.declared("transit_trip"),
        Entity.declared("vehicle_registry"));
  }

  @Override
  public List<Fact> facts() {
    return List.of(
        new Fact(
            "gold.city_day_traffic",
            List.of("silver.road_speed", "silver.transit_trip"),
            (in, ctx) -> TrafficDaily.toCityDay(in.get(0), in.get(1))),
        new Fact(
            "gold.city_month_vehicles",
            List.of("silver.vehicle_registry"),
            (in, ctx) -> TrafficDaily.toCityMonthVehicles(in.get(0))));
  }
}
