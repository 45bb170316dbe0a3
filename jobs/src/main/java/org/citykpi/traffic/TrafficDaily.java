package org.citykpi.traffic;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * silver road speeds and transit trips → gold.city_day_traffic; silver vehicles →
 * gold.city_month_vehicles.
 */
public final class TrafficDaily {
  private TrafficDaily() {}

  /**
   * City × day: peak-hour speeds and the travel-time index (sum of free-flow speeds over sum of
   * speeds in peak readings, so 1.5 means peak trips take 50 % longer than at free flow), and
   * smart-card trips by public or other mode. Days with only one of the two feeds keep zeros/nulls
   * for the other.
   */
  public static Dataset<Row> toCityDay(Dataset<Row> roadSpeed, Dataset<Row> transitTrip) {
    Column peak = col("is_peak");
    Dataset<Row> road =
        roadSpeed
            .groupBy("city_code", "local_date")
            .agg(
                count_distinct(col("segment_id")).cast("int").as("segments"),
                count_if(peak).as("peak_readings"),
                avg(when(peak, col("speed_kmh"))).as("peak_speed_kmh"),
                avg(when(peak, col("free_flow_kmh"))).as("peak_free_flow_kmh"),
                sum(when(peak, col("free_flow_kmh")))
                    .divide(sum(when(peak, col("speed_kmh"))))
                    .as("congestion_index"));
    Dataset<Row> trips =
        transitTrip
            .groupBy("city_code", "local_date")
            .agg(
                count(lit(1)).as("transit_trips"),
                count_if(col("is_public_transport")).as("public_transport_trips"),
                count_distinct(col("card_key")).as("transit_cards"));
    return road.join(
            trips,
            road.col("city_code")
                .equalTo(trips.col("city_code"))
                .and(road.col("local_date").equalTo(trips.col("local_date"))),
            "full_outer")
        .select(
            coalesce(road.col("city_code"), trips.col("city_code")).as("city_code"),
            coalesce(road.col("local_date"), trips.col("local_date")).as("local_date"),
            coalesce(col("segments"), lit(0)).as("segments"),
            coalesce(col("peak_readings"), lit(0L)).as("peak_readings"),
            col("peak_speed_kmh"),
            col("peak_free_flow_kmh"),
            col("congestion_index"),
            coalesce(col("transit_trips"), lit(0L)).as("transit_trips"),
            coalesce(col("public_transport_trips"), lit(0L)).as("public_transport_trips"),
            coalesce(col("transit_cards"), lit(0L)).as("transit_cards"));
  }

  /** City × month: vehicles and e-plates, overall and by class. */
  public static Dataset<Row> toCityMonthVehicles(Dataset<Row> vehicles) {
    Column motor = col("vehicle_class").equalTo("motor");
    Column nonMotor = col("vehicle_class").equalTo("non_motor");
    Column ePlate = col("has_e_plate");
    return vehicles
        .groupBy("city_code", "month")
        .agg(
            count(lit(1)).as("vehicles"),
            count_if(ePlate).as("e_plate_vehicles"),
            count_if(motor).as("motor_vehicles"),
            count_if(motor.and(ePlate)).as("motor_e_plate_vehicles"),
            count_if(nonMotor).as("non_motor_vehicles"),
            count_if(nonMotor.and(ePlate)).as("non_motor_e_plate_vehicles"));
  }
}
