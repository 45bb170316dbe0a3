package org.citykpi.environment;

import java.util.List;
import org.citykpi.domain.Domain;
import org.citykpi.domain.Entity;
import org.citykpi.domain.Fact;

/** Air quality: hourly station readings with the hourly AQI, and the city-day air fact. */
public final class EnvironmentDomain implements Domain {
  @Override
  public String name() {
    return "environment";
  }

  @Override
  public List<Entity> entities() {
    // Several feeds (city bureaus, the Beijing UCI data, the CNEMC release) give station-hours.
    return List.of(new Entity("air_station_hourly", (rows, c) -> AqiColumns.withHourlyAqi(rows)));
  }

  @Override
  public List<Fact> facts() {
    return List.of(
        new Fact(
            "gold.city_day_air",
            List.of("silver.air_station_hourly"),
            (in, ctx) -> AirDaily.toCityDay(AirDaily.toStationDay(in.get(0)))));
  }
}
