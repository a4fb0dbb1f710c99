// Docker Hub's official images, the only repositories a name without a namespace (`python`, `redis`) can be pulled
// from. A bare name that is none of them cannot be pulled from Docker Hub: it names an image built locally.
import type { ImageRef } from './imageRef';

/**
 * The official images (`docker.io/library/<name>`), current and deprecated ones that can still be pulled, after
 * `docker-library/official-images/library/`. A new official image missing here is taken for a local one: its
 * findings are left out rather than made up.
 */
const OFFICIAL_IMAGES = new Set(
  (
    'adminer aerospike almalinux alpine alt amazoncorretto amazonlinux api-firewall arangodb archlinux backdrop bash ' +
    'bonita buildpack-deps busybox caddy cassandra centos chronograf cirros clearlinux clefos clickhouse clojure ' +
    'composer convertigo couchbase couchdb crate dart debian docker drupal eclipse-mosquitto eclipse-temurin eggdrop ' +
    'elasticsearch elixir emqx erlang fedora flink fluentd friendica gazebo gcc geonetwork ghost golang gradle groovy ' +
    'haproxy haskell haxe hello-world hitch httpd hylang ibm-semeru-runtimes ibmjava influxdb irssi java jenkins ' +
    'jetty joomla jruby julia kapacitor kibana known kong krakend lightstreamer liquibase logstash mageia mariadb ' +
    'matomo maven mediawiki memcached mongo mongo-express monica mono mysql nats neo4j neurodebian nextcloud nginx ' +
    'node notary odoo open-liberty openjdk oraclelinux orientdb owncloud percona perl photon php php-zendserver ' +
    'phpmyadmin plone postfixadmin postgres pypy python r-base rabbitmq rakudo-star redis redmine registry ' +
    'rethinkdb rocket.chat rockylinux ruby rust sapmachine satosa sentry silverpeas sl solr sonarqube spiped storm ' +
    'swift swipl teamspeak telegraf tomcat tomee traefik ubuntu unit varnish websphere-liberty wordpress xwiki ' +
    'yourls znc zookeeper'
  ).split(' '),
);

/** True when the reference is a bare Docker Hub name (no registry, no namespace) that no official image has. */
export function isLocalImageName(ref: ImageRef): boolean {
  return ref.registry === undefined && !ref.repository.includes('/') && !OFFICIAL_IMAGES.has(ref.repository);
}
