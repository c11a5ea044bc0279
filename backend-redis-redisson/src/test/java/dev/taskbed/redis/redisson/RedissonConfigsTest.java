package dev.taskbed.redis.redisson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskbed.InvalidOptionException;
import dev.taskbed.redis.RedisBrokerConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.redisson.config.ClusterServersConfig;
import org.redisson.config.Config;
import org.redisson.config.ReadMode;
import org.redisson.config.SentinelServersConfig;
import org.redisson.config.SingleServerConfig;
import org.redisson.misc.RedisURI;

class RedissonConfigsTest {

  @Test
  void standalone_config_becomes_a_lazy_single_server_client_that_does_not_retry_by_itself() {
    RedisBrokerConfig c = RedisBrokerConfig.standalone("redis://u:pw@10.0.0.1:6390/2").poolSize(5)
        .connectTimeout(Duration.ofMillis(700)).socketTimeout(Duration.ofMillis(900)).build();
    Config rc = RedissonConfigs.toRedisson(c);
    assertThat(rc.isSingleConfig()).isTrue();
    assertThat(rc.isLazyInitialization()).isTrue();
    assertThat(rc.isUseScriptCache()).isFalse();
    assertThat(rc.isReferenceEnabled()).as("no per-argument Redisson object check").isFalse();
    SingleServerConfig s = rc.useSingleServer();
    assertThat(s.getAddress()).isEqualTo("redis://10.0.0.1:6390");
    assertThat(s.getDatabase()).isEqualTo(2);
    assertThat(s.getUsername()).isEqualTo("u");
    assertThat(s.getPassword()).isEqualTo("pw");
    assertThat(s.getConnectionPoolSize()).isEqualTo(5);
    assertThat(s.getConnectionMinimumIdleSize()).isLessThanOrEqualTo(5);
    assertThat(s.getConnectTimeout()).isEqualTo(700);
    assertThat(s.getTimeout()).isEqualTo(900);
    assertThat(s.getRetryAttempts()).isZero();
    assertThat(RedissonConfigs.profile(rc)).satisfies(p -> {
      assertThat(p.mode()).isEqualTo(RedisBrokerConfig.Mode.STANDALONE);
      assertThat(p.retryAttempts()).isZero();
      assertThat(p.callBoundMillis()).isGreaterThan(700 + 900);
    });
  }

  @Test
  void cluster_and_sentinel_configs_talk_to_primaries_only_with_tls_addresses_when_asked() {
    Config cluster = RedissonConfigs.toRedisson(RedisBrokerConfig.cluster(List.of("a:7000", "b:7001")).ssl(true).build());
    ClusterServersConfig cc = cluster.useClusterServers();
    assertThat(cc.getNodeAddresses()).containsExactly("rediss://a:7000", "rediss://b:7001");
    assertThat(cc.getReadMode()).isEqualTo(ReadMode.MASTER);
    assertThat(cc.getRetryAttempts()).isZero();
    assertThat(cluster.isLazyInitialization()).as("a cluster client reads the slot map at start").isFalse();

    Config sentinel = RedissonConfigs.toRedisson(RedisBrokerConfig.sentinel("mymaster", List.of("s1:26379")).build());
    SentinelServersConfig sc = sentinel.useSentinelServers();
    assertThat(sc.getMasterName()).isEqualTo("mymaster");
    assertThat(sc.getSentinelAddresses()).containsExactly("redis://s1:26379");
    assertThat(sc.isCheckSentinelsList()).as("one Sentinel address is enough, as with Jedis").isFalse();
    assertThat(sc.getReadMode()).isEqualTo(ReadMode.MASTER);
  }

  @Test
  void the_address_mapper_becomes_redissons_nat_mapper() {
    Config sentinel = RedissonConfigs.toRedisson(RedisBrokerConfig.sentinel("mymaster", List.of("s1:26379"))
        .addressMapper(a -> a.replace("127.0.0.2:", "127.0.0.1:")).build());
    RedisURI mapped = sentinel.useSentinelServers().getNatMapper().map(new RedisURI("redis", "127.0.0.2", 7001));
    assertThat(mapped.getHost()).isEqualTo("127.0.0.1");
    assertThat(mapped.getPort()).isEqualTo(7001);
    assertThat(mapped.getScheme()).isEqualTo("redis");

    Config cluster = RedissonConfigs.toRedisson(RedisBrokerConfig.cluster(List.of("a:7000")).ssl(true)
        .addressMapper(a -> "b:" + (Integer.parseInt(a.substring(a.indexOf(':') + 1)) + 100)).build());
    RedisURI node = cluster.useClusterServers().getNatMapper().map(new RedisURI("rediss", "10.0.0.9", 7002));
    assertThat(node.getHost() + ":" + node.getPort()).isEqualTo("b:7102");
    assertThat(node.getScheme()).isEqualTo("rediss");
  }

  @Test
  void a_users_client_that_renames_keys_is_rejected_but_one_that_retries_is_accepted() {
    Config renaming = new Config();
    renaming.useSingleServer().setAddress("redis://h:1").setNameMapper(new org.redisson.api.NameMapper() {
      @Override
      public String map(String name) {
        return "app:" + name;
      }

      @Override
      public String unmap(String name) {
        return name.substring(4);
      }
    });
    assertThatThrownBy(() -> RedissonConfigs.profile(renaming)).isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("redissonClient").hasMessageContaining("NameMapper");

    Config defaults = new Config();
    defaults.useSingleServer().setAddress("redis://h:1");
    RedissonConfigs.Profile p = RedissonConfigs.profile(defaults);
    assertThat(p.retryAttempts()).as("Redisson's default").isPositive();
    assertThat(p.description()).isEqualTo("standalone redis://h:1");
  }
}
