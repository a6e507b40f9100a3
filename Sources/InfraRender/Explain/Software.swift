/// How prose spells well-known software and protocols: what a design writes as
/// `haproxy` or `mysql` reads as HAProxy or MySQL. Anything else is shown as written.
enum Software {
    static let names: [String: String] = [
        "apache": "Apache", "cloudfront": "CloudFront", "datadog": "Datadog", "elasticsearch": "Elasticsearch",
        "envoy": "Envoy", "gunicorn": "Gunicorn", "haproxy": "HAProxy", "kafka": "Kafka", "keepalived": "keepalived",
        "mariadb": "MariaDB", "memcached": "Memcached", "modsecurity": "ModSecurity", "mongodb": "MongoDB",
        "mysql": "MySQL", "nginx": "Nginx", "node": "Node.js", "pfsense": "pfSense", "php-fpm": "PHP-FPM",
        "postgres": "PostgreSQL", "postgresql": "PostgreSQL", "prometheus": "Prometheus", "rabbitmq": "RabbitMQ",
        "redis": "Redis", "route53": "Route 53", "s3": "Amazon S3", "sumologic": "Sumo Logic", "traefik": "Traefik",
        "uwsgi": "uWSGI", "celery": "Celery", "caddy": "Caddy", "cassandra": "Cassandra", "varnish": "Varnish",
        "grafana": "Grafana", "kibana": "Kibana", "fastly": "Fastly", "postfix": "Postfix", "tomcat": "Tomcat",
        "lighttpd": "lighttpd", "squid": "Squid", "sqlite": "SQLite", "mssql": "SQL Server", "cloudflare": "Cloudflare",
        "flask": "Flask", "django": "Django", "rails": "Rails", "express": "Express", "spring": "Spring",
        "laravel": "Laravel", "puma": "Puma", "unicorn": "Unicorn", "kong": "Kong", "consul": "Consul",
        "zookeeper": "ZooKeeper", "minio": "MinIO", "etcd": "etcd", "keycloak": "Keycloak", "openresty": "OpenResty",
        "iis": "IIS", "nats": "NATS", "activemq": "ActiveMQ", "sqs": "Amazon SQS", "elb": "Elastic Load Balancing",
        "aws waf": "AWS WAF", "new relic": "New Relic", "newrelic": "New Relic", "splunk": "Splunk",
        "opensearch": "OpenSearch", "mongo": "MongoDB", "dynamodb": "DynamoDB", "rds": "Amazon RDS",
        "pgbouncer": "PgBouncer", "proxysql": "ProxySQL", "patroni": "Patroni", "galera": "Galera",
        "oracle": "Oracle", "f5": "F5", "nagios": "Nagios", "zabbix": "Zabbix", "icinga": "Icinga",
        "jboss": "JBoss", "wildfly": "WildFly", "weblogic": "WebLogic", "websphere": "WebSphere",
        "opnsense": "OPNsense", "ffmpeg": "FFmpeg", "ceph": "Ceph",
    ]

    static func display(_ software: String) -> String {
        names[software.lowercased()] ?? software
    }

    static let protocols: [String: String] = [
        "mysql": "MySQL", "postgres": "PostgreSQL", "redis": "Redis", "memcached": "Memcached",
        "grpc": "gRPC", "grpcs": "gRPC over TLS",
        // Protocols infralint does not know (DES004), spelt as their makers spell them.
        "postgresql": "PostgreSQL", "mariadb": "MariaDB", "mongodb": "MongoDB", "mongo": "MongoDB", "kafka": "Kafka",
    ]

    static func protocolName(_ name: String) -> String {
        protocols[name] ?? name.uppercased()
    }
}
