package org.citykpi.health;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.lit;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** silver.outpatient_visit → gold.city_day_health. */
public final class HealthDaily {
  private HealthDaily() {}

  /**
   * City × day counts of visits by booking channel, telemedicine and e-health-record sharing, with
   * the city's resident population (the denominator of per-resident rates; null for a city without
   * one).
   *
   * @param population city_code, resident_population (a small reference frame, broadcast)
   */
  public static Dataset<Row> toCityDay(Dataset<Row> visits, Dataset<Row> population) {
    Dataset<Row> counts =
        visits
            .groupBy("city_code", "local_date")
            .agg(
                count_distinct(col("hospital_id")).cast("int").as("hospitals"),
                count(lit(1)).as("visits"),
                count_if(col("booking_channel").equalTo("online")).as("online_booked_visits"),
                count_if(col("booking_channel").equalTo("phone")).as("phone_booked_visits"),
                count_if(col("booking_channel").equalTo("walk_in")).as("walk_in_visits"),
                count_if(col("is_telemedicine")).as("telemedicine_visits"),
                count_if(col("is_ehr_shared")).as("ehr_shared_visits"));
    return counts.join(
        broadcast(
            population.select(
                col("city_code"),
                col("resident_population").cast("double").as("resident_population"))),
        "city_code",
        "left");
  }
}
