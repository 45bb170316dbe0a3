package org.citykpi.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.citykpi.common.CityKpiException;

/**
 * One message catalogue per language ({@code templates/messages_<lang>.properties}, UTF-8): every
 * label of every report comes from here. {@code {0}}, {@code {1}} ... are replaced by arguments as
 * they are (no MessageFormat: its quoting and number rules would surprise translators).
 */
public final class Messages {
  static final String RESOURCE = "templates/messages_%s.properties";

  private final Lang lang;
  private final Map<String, String> messages;

  private Messages(Lang lang, Map<String, String> messages) {
    this.lang = lang;
    this.messages = messages;
  }

  public static Messages of(Lang lang) {
    String name = String.format(RESOURCE, lang.code());
    Properties p = new Properties();
    try (InputStream in = Messages.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new CityKpiException("message catalogue " + name + " is not on the classpath");
      }
      try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        p.load(r);
      }
    } catch (IOException e) {
      throw new CityKpiException("Cannot read " + name + ": " + e.getMessage(), e);
    }
    Map<String, String> out = new TreeMap<>();
    p.forEach((k, v) -> out.put((String) k, (String) v));
    return new Messages(lang, out);
  }

  public Lang lang() {
    return lang;
  }

  /** The message, failing (naming key and language) when the catalogue lacks it. */
  public String get(String key) {
    String m = messages.get(key);
    if (m == null) {
      throw new CityKpiException(
          "message '" + key + "' is missing from " + String.format(RESOURCE, lang.code()));
    }
    return m;
  }

  public boolean has(String key) {
    return messages.containsKey(key);
  }

  /** The message with {0}, {1} ... replaced by the arguments' text. */
  public String format(String key, Object... args) {
    String m = get(key);
    for (int i = 0; i < args.length; i++) {
      m = m.replace("{" + i + "}", String.valueOf(args[i]));
    }
    return m;
  }

  /** Every key, sorted (tests hold the catalogues to the same keys). */
  public java.util.Set<String> keys() {
    return messages.keySet();
  }
}
