package org.citykpi.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Turns clean rows into CSV lines, spoiling a few at {@link DirtRates}. The defect kind and its
 * details are drawn from the block's own random stream, so dirt is as deterministic as the data.
 */
final class DirtInjector {

  private static final String[] GARBAGE = {
    "###TRANSMISSION ERROR 0x1F###",
    "~~~~ ~~~~ ~~~~",
    "<html><body>502 Bad Gateway</body></html>",
    "锟斤拷锟斤拷烫烫烫",
    "EOF"
  };

  private final SourceContract contract;
  private final DirtRates rates;
  private final int cityColumn;
  private final List<Integer> required = new ArrayList<>();
  private final List<Integer> ranged = new ArrayList<>();

  DirtInjector(SourceContract contract, DirtRates rates) {
    this.contract = contract;
    this.rates = rates;
    int city = -1;
    for (int i = 0; i < contract.columns().size(); i++) {
      SourceContract.Column c = contract.columns().get(i);
      if (c.isCityRef()) {
        city = i;
      }
      if (!c.nullable()) {
        required.add(i);
      }
      if (c.min() != null || c.max() != null || !c.allowed().isEmpty()) {
        ranged.add(i);
      }
    }
    this.cityColumn = city;
  }

  /**
   * Writes one row as one or two lines (maybe spoiled) to {@code out}, tallying into {@code
   * counts}.
   */
  void emit(String[] row, SplittableRandom rng, Consumer<String> out, DirtCounts counts) {
    counts.rows++;
    double u = rng.nextDouble();
    String[] r = row.clone();
    double edge = rates.nulls();
    if (u < edge && !required.isEmpty()) {
      int col = required.get(rng.nextInt(required.size()));
      List<String> markers =
          contract.nullMarkers().isEmpty() ? List.of("") : contract.nullMarkers();
      r[col] = markers.get(rng.nextInt(markers.size()));
      counts.nulls++;
      line(Csv.line(r), out, counts);
      return;
    }
    edge += rates.outOfRange();
    if (u < edge && !ranged.isEmpty()) {
      int col = ranged.get(rng.nextInt(ranged.size()));
      r[col] = outOfRange(contract.columns().get(col), rng);
      counts.outOfRange++;
      line(Csv.line(r), out, counts);
      return;
    }
    edge += rates.duplicates();
    if (u < edge) {
      String l = Csv.line(r);
      line(l, out, counts);
      line(l, out, counts);
      counts.duplicates++;
      return;
    }
    edge += rates.unknownCity();
    if (u < edge && cityColumn >= 0) {
      r[cityColumn] = DirtRates.UNKNOWN_CITY_CODE;
      counts.unknownCity++;
      line(Csv.line(r), out, counts);
      return;
    }
    edge += rates.malformed();
    if (u < edge) {
      counts.malformed++;
      line(malformed(r, rng), out, counts);
      return;
    }
    line(Csv.line(r), out, counts);
  }

  private static void line(String l, Consumer<String> out, DirtCounts counts) {
    counts.lines++;
    out.accept(l);
  }

  private static String outOfRange(SourceContract.Column c, SplittableRandom rng) {
    if (!c.allowed().isEmpty()) {
      return "unknown";
    }
    boolean high = c.max() != null && (c.min() == null || rng.nextBoolean());
    if (high) {
      return Fmt.dec(c.max() * (1.5 + rng.nextDouble() * 2) + 1, 1);
    }
    return Fmt.dec(c.min() - 1 - rng.nextDouble() * 99, 1);
  }

  private static String malformed(String[] r, SplittableRandom rng) {
    switch (rng.nextInt(3)) {
      case 0:
        {
          String[] shorter = new String[r.length - 1];
          System.arraycopy(r, 0, shorter, 0, shorter.length);
          return Csv.line(shorter);
        }
      case 1:
        {
          String[] longer = new String[r.length + 1];
          System.arraycopy(r, 0, longer, 0, r.length);
          longer[r.length] = "EXTRA";
          return Csv.line(longer);
        }
      default:
        return GARBAGE[rng.nextInt(GARBAGE.length)];
    }
  }
}
