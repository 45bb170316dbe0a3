package org.citykpi.report;

import java.util.ArrayList;
import java.util.List;
import org.citykpi.common.CityKpiException;

/** The languages a report is written in; the HTML {@code lang} attribute and file suffix. */
public enum Lang {
  ZH("zh", "zh-CN"),
  EN("en", "en");

  private final String code;
  private final String htmlLang;

  Lang(String code, String htmlLang) {
    this.code = code;
    this.htmlLang = htmlLang;
  }

  public String code() {
    return code;
  }

  public String htmlLang() {
    return htmlLang;
  }

  /** One language code, e.g. zh. */
  public static Lang of(String code) {
    for (Lang l : values()) {
      if (l.code.equals(code)) {
        return l;
      }
    }
    throw new CityKpiException("--lang: unknown language '" + code + "' (zh or en)");
  }

  /** A comma-separated list, e.g. "zh" or "zh,en", without repeats, in the order given. */
  public static List<Lang> list(String codes) {
    List<Lang> out = new ArrayList<>();
    for (String c : codes.split(",", -1)) {
      Lang l = of(c.trim());
      if (!out.contains(l)) {
        out.add(l);
      }
    }
    return out;
  }
}
