package org.citykpi.generate;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Smooth, city-specific trends behind {@code city_monthly_stats} and the time-varying shares of the
 * daily feeds (e-plates, online booking, telemedicine, e-health-record sharing).
 *
 * <p>Shares follow a logistic adoption curve calibrated per indicator so that an {@link
 * Performance#ON_TRACK} city reaches the policy target at its deadline (YC-2015 targets at the end
 * of 2017, HE-2019 at the end of 2020); leaders run {@link Performance#shiftYears} ahead and
 * laggards behind, with a per-city jitter of at most ±0.3 years. Bandwidths grow exponentially (≈
 * 42 %/year) and access capabilities step through tiers. Money flows (亿元 per month) scale with
 * population, a provincial wealth factor and the profile, grow fast until 2017 and slower after,
 * and carry monthly seasonality (Spring Festival dip, Double-11 and December peaks) with ±3 %
 * noise. Stocks carry no noise, so they evolve smoothly month to month.
 */
public final class TrendModel {

  /** Census reference time (2020-11-01) as a fractional year. */
  private static final double CENSUS = 2020.83;

  private static final double YC_DEADLINE = 2018.0; // "2017": end of 2017
  private static final double HE_DEADLINE = 2021.0; // "2020": end of 2020
  private static final double[] SEASON =
      normalise(0.95, 0.78, 0.98, 0.97, 1.0, 1.03, 0.98, 0.98, 1.02, 1.0, 1.08, 1.23);
  private static final double[] SEASON_RETAIL =
      normalise(0.95, 0.75, 0.92, 0.92, 0.95, 1.12, 0.92, 0.92, 0.97, 1.0, 1.45, 1.15);

  /** E-commerce hubs sell far more online than their size suggests. */
  private static final Map<String, Double> ECOMMERCE_BOOST = Map.of("330782", 4.0, "330100", 2.0);

  private final CityProfile city;
  private final long seed;

  public TrendModel(CityProfile city, long seed) {
    this.city = city;
    this.seed = seed;
  }

  /** Month-end time of a month as a fractional year (2017-12 → 2018.0). */
  static double monthEnd(YearMonth m) {
    return m.getYear() + m.getMonthValue() / 12.0;
  }

  /** Midday of a date as a fractional year. */
  static double time(LocalDate d) {
    return d.getYear() + (d.getDayOfYear() - 0.5) / d.lengthOfYear();
  }

  // ---- shares used by the daily and monthly feeds ----

  /** Share of vehicles with an electronic plate (T16: 100 % by 2017 for an on-track city). */
  public double ePlateShare(double t) {
    return t < 2013.5 ? 0 : share("e_plate", t, 1.0, YC_DEADLINE, 0.7, 1.0);
  }

  /**
   * Share of outpatient visits booked online (Q02 proxy): about 40 % in 2020 on track, saturating
   * near 70 %.
   */
  public double onlineBookingShare(double t) {
    return share("online_booking", t, 0.4, 2021.0, 2.0, 0.7);
  }

  /** Share of visits that are telemedicine consultations: a few per cent after 2018. */
  public double telemedicineShare(double t) {
    return share("telemedicine", t, 0.04, 2021.0, 1.5, 0.09);
  }

  /** Share of visits with an e-health-record exchange (Q03 proxy). */
  public double ehrSharedShare(double t) {
    return share("ehr_shared", t, 0.8, HE_DEADLINE, 1.5, 0.95);
  }

  /**
   * Logistic adoption in [0, 1], calibrated so that an on-track city with no jitter has {@code
   * target} at {@code deadline}: cap·L((t − t50)/width) with the cap scaled by the profile and
   * clamped at 1.
   */
  double share(
      String indicator, double t, double target, double deadline, double width, double cap) {
    double onTrackAtDeadline = Math.min(0.99, target / (Performance.ON_TRACK.cap * cap));
    double t50 = deadline - width * StrictMath.log(onTrackAtDeadline / (1 - onTrackAtDeadline));
    double x = (t - t50 - city.performance().shiftYears - jitter(indicator)) / width;
    return Math.min(1.0, city.performance().cap * cap / (1 + StrictMath.exp(-x)));
  }

  /** Per-city, per-indicator schedule offset in years, within ±0.3. */
  double jitter(String indicator) {
    return (Seeds.unit(seed, "jitter", city.code(), indicator) - 0.5) * 0.6;
  }

  /**
   * Exponential growth that hits {@code target} at {@code deadline} on track ({@code rate} per
   * year).
   */
  private double growth(
      String indicator, double t, double target, double deadline, double rate, double max) {
    double dt = t - deadline + city.performance().shiftYears + jitter(indicator);
    return Math.min(max, target * 1.02 * StrictMath.exp(rate * dt));
  }

  /**
   * A capability that steps through {@code tiers} at the on-track {@code years} (shifted by the
   * profile).
   */
  private double tier(String indicator, double t, double[] tiers, double[] years) {
    double value = tiers[0];
    double shift = city.performance().shiftYears + jitter(indicator);
    for (int i = 0; i < years.length; i++) {
      if (t >= years[i] + shift) {
        value = tiers[i + 1];
      }
    }
    return value;
  }

  private double population(double t) {
    return city.ref().population() * StrictMath.exp(popGrowth() * (t - CENSUS));
  }

  /** Annual population growth: megacities attract migrants, smaller cities stagnate. */
  private double popGrowth() {
    double h = Seeds.unit(seed, "pop_growth", city.code());
    return city.ref().population() > 10_000_000 ? 0.018 + 0.01 * h : 0.001 + 0.006 * h;
  }

  /**
   * Annual money flow in 亿元: {@code perMillion} per million residents in mid-2017, growth g1
   * before, g2 after.
   */
  private double annualFlow(String indicator, double t, double perMillion, double g1, double g2) {
    double dt = t - 2017.5;
    double level =
        perMillion
            * population(2017.5)
            / 1e6
            * city.wealth()
            * city.performance().level
            * (0.93 + 0.14 * Seeds.unit(seed, "level", city.code(), indicator));
    return level * StrictMath.exp(dt < 0 ? g1 * dt : g2 * dt);
  }

  private double noise(String indicator, YearMonth m) {
    SplittableRandom r = Seeds.rng(seed, "stats_noise", city.code(), indicator, m);
    return 1 + 0.03 * Math.max(-3, Math.min(3, Seeds.gaussian(r)));
  }

  /**
   * Every indicator's value for one city and month, in the unit of indicators.yaml, keyed by code.
   * Stocks are month-end levels; flows are amounts during the month.
   */
  public Map<String, Double> month(YearMonth m) {
    double t = monthEnd(m);
    double tMid = t - 1 / 24.0;
    int mi = m.getMonthValue() - 1;
    Map<String, Double> v = new LinkedHashMap<>();
    double pop = population(t);
    double hh = city.ref().households() * StrictMath.exp((popGrowth() + 0.008) * (t - CENSUS));
    double millions = population(2017.5) / 1e6;
    v.put("resident_population", (double) Math.round(pop));
    v.put("households", (double) Math.round(hh));
    double ftth = share("ftth", t, 0.85, YC_DEADLINE, 1.3, 0.97);
    v.put("ftth_households", (double) Math.round(hh * ftth));
    double bb =
        Math.min(1.0, Math.max(share("broadband", t, 0.90, YC_DEADLINE, 1.8, 0.985), ftth + 0.01));
    v.put("broadband_households", (double) Math.round(hh * bb));
    v.put(
        "internet_users",
        (double) Math.round(pop * share("internet", t, 0.95, YC_DEADLINE, 2.2, 0.99)));
    v.put("avg_household_bandwidth_mbps", growth("hh_bw", t, 20, 2015.5, 0.35, 1000));
    v.put(
        "community_access_capability_mbps",
        tier("community_cap", t, new double[] {100, 1000, 10000}, new double[] {2017.5, 2023.0}));
    v.put(
        "enterprise_access_capability_mbps",
        tier("enterprise_cap", t, new double[] {100, 1000, 10000}, new double[] {2013.0, 2017.6}));
    v.put("urban_wifi_3g_coverage_pct", 100 * share("wifi_3g", t, 1.0, YC_DEADLINE, 1.0, 1.0));
    v.put("urban_avg_bandwidth_mbps", growth("urban_bw", t, 100, YC_DEADLINE, 0.35, 2000));
    v.put("rural_avg_bandwidth_mbps", growth("rural_bw", t, 20, YC_DEADLINE, 0.35, 1000));
    double cable = hh * (0.55 + 0.2 * StrictMath.exp(-StrictMath.pow((t - 2014) / 5, 2)));
    v.put("cable_tv_households", (double) Math.round(cable));
    v.put(
        "cable_tv_digital_households",
        (double) Math.round(cable * share("cable_digital", t, 1.0, YC_DEADLINE, 0.9, 1.0)));
    v.put(
        "smart_industry_revenue",
        annualFlow("smart_industry", tMid, 96, 0.262, 0.10)
            / 12
            * SEASON[mi]
            * noise("smart_industry", m));
    double large = millions * 380 * city.wealth() * StrictMath.exp(0.03 * (t - 2017));
    v.put("large_enterprises", (double) Math.round(large));
    v.put(
        "large_enterprises_five_mod",
        (double) Math.round(large * share("five_mod", t, 0.5, YC_DEADLINE, 1.5, 0.8)));
    double openInfo =
        millions * 180 * StrictMath.exp(0.05 * (tMid - 2017)) * SEASON[mi] * noise("open_info", m);
    v.put("gov_open_info_items", (double) Math.round(openInfo));
    v.put(
        "gov_open_info_online_items",
        (double)
            Math.round(openInfo * share("open_info_online", tMid, 1.0, YC_DEADLINE, 1.2, 1.0)));
    double licensing =
        Math.round(
            (260 + 160 / (1 + StrictMath.exp((t - 2016) / 1.2)))
                * (0.9 + 0.2 * Seeds.unit(seed, "licensing", city.code())));
    v.put("licensing_items_total", licensing);
    v.put(
        "licensing_items_online",
        (double)
            Math.round(licensing * share("licensing_online", t, 0.90, YC_DEADLINE, 1.2, 0.98)));
    double planned = t < 2014 ? 4 : t < 2016 ? 5 : 6;
    v.put("base_databases_planned", planned);
    v.put(
        "base_databases_built",
        Math.floor(planned * share("databases", t, 1.0, YC_DEADLINE, 0.8, 1.0)));
    double info =
        annualFlow("info_consumption", tMid, 82.6, 0.15, 0.08)
            / 12
            * SEASON[mi]
            * noise("info_consumption", m);
    v.put("info_consumption_total", info);
    v.put(
        "info_consumption_internet",
        info * share("info_internet", tMid, 0.533, YC_DEADLINE, 2.5, 0.8));
    v.put(
        "online_retail_sales",
        annualFlow("online_retail", tMid, 49, 0.30, 0.12)
            * ECOMMERCE_BOOST.getOrDefault(city.code(), 1.0)
            / 12
            * SEASON_RETAIL[mi]
            * noise("online_retail", m));
    double enterprises = millions * 14000 * city.wealth() * StrictMath.exp(0.1 * (t - 2017));
    v.put("enterprises_total", (double) Math.round(enterprises));
    v.put(
        "enterprises_ecommerce",
        (double) Math.round(enterprises * share("ecommerce", t, 0.90, YC_DEADLINE, 1.8, 0.97)));
    v.put(
        "informatisation_index_pct",
        100 * share("informatisation", t, 0.90, HE_DEADLINE, 2.5, 0.97));
    v.put(
        "town_access_capability_mbps",
        tier("town_cap", t, new double[] {20, 100, 1000}, new double[] {2015.0, 2020.5}));
    v.put(
        "rural_access_capability_mbps",
        tier("rural_cap", t, new double[] {4, 20, 100}, new double[] {2015.5, 2020.6}));
    v.put("lte_coverage_pct", t < 2014 ? 0 : 100 * share("lte", t, 1.0, HE_DEADLINE, 0.9, 1.0));
    double govItems =
        Math.round(
            (800 + 400 * Seeds.unit(seed, "gov_items", city.code()))
                * (1 + 0.2 / (1 + StrictMath.exp(-(t - 2017)))));
    v.put("gov_service_items_total", govItems);
    v.put(
        "gov_service_items_online",
        (double) Math.round(govItems * share("gov_online", t, 1.0, HE_DEADLINE, 0.9, 1.0)));
    double elements = t < 2018 ? 10 : 12;
    v.put("env_monitoring_elements_total", elements);
    v.put(
        "env_monitoring_elements_covered",
        Math.floor(elements * share("env_monitoring", t, 1.0, HE_DEADLINE, 1.0, 1.0)));
    double polluters =
        Math.round(
            millions
                * 60
                * (1 + 0.2 * Seeds.unit(seed, "polluters", city.code()))
                * (1 + 0.02 * (t - 2011)));
    v.put("key_polluters_total", polluters);
    v.put(
        "key_polluters_online",
        (double) Math.round(polluters * share("polluters_online", t, 1.0, HE_DEADLINE, 1.0, 1.0)));
    double places = Math.round(millions * 450 * (1 + 0.015 * (t - 2011)));
    v.put("public_places_important", places);
    v.put(
        "public_places_with_wifi",
        (double) Math.round(places * share("places_wifi", t, 0.9, 2016.0, 1.2, 1.0)));
    v.put(
        "citizen_card_holders",
        (double) Math.round(pop * share("citizen_card", t, 0.8, 2019.0, 1.5, 0.95)));
    double launch = 2016 + city.performance().shiftYears / 2 + jitter("open_data");
    v.put(
        "open_datasets_published",
        t < launch ? 0 : (double) Math.round(millions * 30 * StrictMath.pow(t - launch, 1.5)));
    v.put(
        "data_exchanges",
        (double)
            Math.round(
                millions
                    * 20000
                    * StrictMath.exp(0.45 * (tMid - 2018 - city.performance().shiftYears))
                    * noise("data_exchanges", m)));
    return v;
  }

  private static double[] normalise(double... f) {
    double sum = 0;
    for (double x : f) {
      sum += x;
    }
    double[] out = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      out[i] = f[i] * f.length / sum;
    }
    return out;
  }
}
