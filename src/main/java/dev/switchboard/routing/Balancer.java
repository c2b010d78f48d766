package dev.switchboard.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** Orders a group's deployments for one request: the first is tried first, the rest are the failover order. */
public interface Balancer {

  List<Target> order(List<Target> targets);

  /** Creates the balancer for a configured strategy name. */
  static Balancer forStrategy(String strategy) {
    return switch (strategy) {
      case "round_robin" -> new RoundRobin();
      case "weighted" -> new Weighted();
      default -> throw new IllegalArgumentException("unknown strategy " + strategy);
    };
  }

  /** Picks by weight; the failover order is a weighted draw without replacement. Weight 0 comes last. */
  final class Weighted implements Balancer {
    @Override
    public List<Target> order(List<Target> targets) {
      if (targets.size() == 1) {
        return targets;
      }
      List<Target> pool = new ArrayList<>(targets);
      List<Target> out = new ArrayList<>(targets.size());
      ThreadLocalRandom random = ThreadLocalRandom.current();
      while (!pool.isEmpty()) {
        long total = pool.stream().mapToLong(t -> t.deployment().weight()).sum();
        if (total == 0) {
          out.addAll(pool);
          break;
        }
        long pick = random.nextLong(total);
        for (int i = 0; i < pool.size(); i++) {
          pick -= pool.get(i).deployment().weight();
          if (pick < 0) {
            out.add(pool.remove(i));
            break;
          }
        }
      }
      return out;
    }
  }

  /** Rotates the starting deployment on every request; failover continues in configuration order. */
  final class RoundRobin implements Balancer {
    private final AtomicInteger next = new AtomicInteger();

    @Override
    public List<Target> order(List<Target> targets) {
      int start = Math.floorMod(next.getAndIncrement(), targets.size());
      List<Target> out = new ArrayList<>(targets.size());
      for (int i = 0; i < targets.size(); i++) {
        out.add(targets.get((start + i) % targets.size()));
      }
      return out;
    }
  }
}
