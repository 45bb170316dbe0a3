package org.citykpi.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.citykpi.common.CityKpiException;

/**
 * The domains found on the class path ({@code META-INF/services/org.citykpi.domain.Domain}), with
 * every entity and fact they declare. An entity or fact declared twice fails naming both domains.
 */
public final class Domains {
  private static volatile Domains loaded;

  private final List<Domain> domains;
  private final Map<String, Domain> owners = new LinkedHashMap<>();
  private final Map<String, Entity> entities = new LinkedHashMap<>();
  private final List<Fact> facts = new ArrayList<>();

  Domains(List<Domain> domains) {
    this.domains = List.copyOf(domains);
    Map<String, String> factOwners = new LinkedHashMap<>();
    for (Domain d : domains) {
      for (Entity e : d.entities()) {
        Domain other = owners.put(e.name(), d);
        if (other != null) {
          throw new CityKpiException(
              "Entity "
                  + e.name()
                  + " is declared by domains "
                  + other.name()
                  + " and "
                  + d.name());
        }
        entities.put(e.name(), e);
      }
      for (Fact f : d.facts()) {
        String other = factOwners.put(f.table(), d.name());
        if (other != null) {
          throw new CityKpiException(
              "Fact " + f.table() + " is declared by domains " + other + " and " + d.name());
        }
        facts.add(f);
      }
    }
  }

  /** Every domain on the class path, loaded once. */
  public static Domains all() {
    Domains d = loaded;
    if (d == null) {
      synchronized (Domains.class) {
        if (loaded == null) {
          List<Domain> found = new ArrayList<>();
          ServiceLoader.load(Domain.class, Domains.class.getClassLoader()).forEach(found::add);
          found.sort((a, b) -> a.name().compareTo(b.name()));
          loaded = new Domains(found);
        }
        d = loaded;
      }
    }
    return d;
  }

  public List<Domain> list() {
    return domains;
  }

  /** The entity of that name, or null when no domain declares it. */
  public Entity entity(String name) {
    return entities.get(name);
  }

  /** The domain that owns an entity, or null. */
  public Domain owner(String entity) {
    return owners.get(entity);
  }

  public Map<String, Entity> entities() {
    return entities;
  }

  /** Every gold fact of every domain, domains in name order. */
  public List<Fact> facts() {
    return facts;
  }
}
