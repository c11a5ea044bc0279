package dev.taskbed.redis.redisson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.taskbed.InvalidOptionException;
import dev.taskbed.redis.jedis.JedisBrokerConfig;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.redisson.config.ClusterServersConfig;
import org.redisson.config.Config;
import org.redisson.config.ReadMode;
import org.redisson.config.SentinelServersConfig;
import org.redisson.config.SingleServerConfig;

class RedissonBrokerConfigTest {

  @Test
  void aRedissUri_givesTlsCredentialsAndDatabase_andHidesThePassword() {
    RedissonBrokerConfig c = RedissonBrokerConfig.standalone("rediss://app:s3cret@cache.local:6380/3").build();
    assertThat(c.ssl()).isTrue();
    assertThat(c.user()).isEqualTo("app");
    assertThat(c.password()).isEqualTo("s3cret");
    assertThat(c.database()).isEqualTo(3);
    assertThat(c.toString()).isEqualTo("standalone rediss://cache.local:6380/3");
  }

  @Test
  void defaults_areThoseOfTheJedisBackend() {
    RedissonBrokerConfig r = RedissonBrokerConfig.standalone("redis://h:1").build();
    JedisBrokerConfig j = JedisBrokerConfig.standalone("redis://h:1").build();
    assertThat(r.poolSize()).isEqualTo(j.poolSize());
    assertThat(r.connectTimeout()).isEqualTo(j.connectTimeout());
    assertThat(r.socketTimeout()).isEqualTo(j.socketTimeout());
    assertThat(r.toString()).isEqualTo(j.toString());
  }

  @Test
  void invalidOptions_areRejectedWithTheSameMessagesAsTheJedisBackend() {
    sameRejection(() -> RedissonBrokerConfig.standalone("http://x:1"), () -> JedisBrokerConfig.standalone("http://x:1"));
    sameRejection(() -> RedissonBrokerConfig.standalone("redis://h:1/x"), () -> JedisBrokerConfig.standalone("redis://h:1/x"));
    sameRejection(() -> RedissonBrokerConfig.standalone("redis:///0"), () -> JedisBrokerConfig.standalone("redis:///0"));
    sameRejection(() -> RedissonBrokerConfig.cluster(List.of("nohost")), () -> JedisBrokerConfig.cluster(List.of("nohost")));
    sameRejection(() -> RedissonBrokerConfig.cluster(List.of()), () -> JedisBrokerConfig.cluster(List.of()));
    sameRejection(() -> RedissonBrokerConfig.sentinel(" ", List.of("h:1")), () -> JedisBrokerConfig.sentinel(" ", List.of("h:1")));
    sameRejection(() -> RedissonBrokerConfig.sentinel("m", List.of("h:0")), () -> JedisBrokerConfig.sentinel("m", List.of("h:0")));
    sameRejection(() -> RedissonBrokerConfig.standalone("redis://h:1").poolSize(0),
        () -> JedisBrokerConfig.standalone("redis://h:1").poolSize(0));
    sameRejection(() -> RedissonBrokerConfig.standalone("redis://h:1").database(-1),
        () -> JedisBrokerConfig.standalone("redis://h:1").database(-1));
    sameRejection(() -> RedissonBrokerConfig.standalone("redis://h:1").connectTimeout(Duration.ZERO),
        () -> JedisBrokerConfig.standalone("redis://h:1").connectTimeout(Duration.ZERO));
    sameRejection(() -> RedissonBrokerConfig.standalone("redis://h:1").socketTimeout(null),
        () -> JedisBrokerConfig.standalone("redis://h:1").socketTimeout(null));
    sameRejection(() -> RedissonBrokerConfig.cluster(List.of("h:1")).database(2).build(),
        () -> JedisBrokerConfig.cluster(List.of("h:1")).database(2).build());
  }

  private static void sameRejection(Supplier<?> redisson, Supplier<?> jedis) {
    Throwable r = catchThrowable(redisson::get);
    Throwable j = catchThrowable(jedis::get);
    assertThat(j).as("the Jedis config rejects it").isInstanceOf(InvalidOptionException.class);
    assertThat(r).isInstanceOf(InvalidOptionException.class).hasMessage(j.getMessage());
  }

  @Test
  void standaloneConfig_becomesALazySingleServerClientThatDoesNotRetryByItself() {
    RedissonBrokerConfig c = RedissonBrokerConfig.standalone("redis://u:pw@10.0.0.1:6390/2").poolSize(5)
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
      assertThat(p.mode()).isEqualTo(RedissonBrokerConfig.Mode.STANDALONE);
      assertThat(p.retryAttempts()).isZero();
      assertThat(p.callBoundMillis()).isGreaterThan(700 + 900);
    });
  }

  @Test
  void clusterAndSentinelConfigs_talkToPrimariesOnly_withTlsAddressesWhenAsked() {
    Config cluster = RedissonConfigs.toRedisson(RedissonBrokerConfig.cluster(List.of("a:7000", "b:7001")).ssl(true).build());
    ClusterServersConfig cc = cluster.useClusterServers();
    assertThat(cc.getNodeAddresses()).containsExactly("rediss://a:7000", "rediss://b:7001");
    assertThat(cc.getReadMode()).isEqualTo(ReadMode.MASTER);
    assertThat(cc.getRetryAttempts()).isZero();
    assertThat(cluster.isLazyInitialization()).as("a cluster client reads the slot map at start").isFalse();

    Config sentinel = RedissonConfigs.toRedisson(RedissonBrokerConfig.sentinel("mymaster", List.of("s1:26379")).build());
    SentinelServersConfig sc = sentinel.useSentinelServers();
    assertThat(sc.getMasterName()).isEqualTo("mymaster");
    assertThat(sc.getSentinelAddresses()).containsExactly("redis://s1:26379");
    assertThat(sc.isCheckSentinelsList()).as("one Sentinel address is enough, as with Jedis").isFalse();
    assertThat(sc.getReadMode()).isEqualTo(ReadMode.MASTER);
  }

  @Test
  void aUsersClientThatRenamesKeys_isRejected_butOneThatRetriesIsAccepted() {
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
