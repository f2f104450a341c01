//! The connection pool on PostgreSQL: a connection is checked with a round
//! trip only after it sat idle (`db::IDLE_BEFORE_PING`), so one the server
//! closed in the meantime is replaced, not handed to a query.

use partner_portal::db::{self, IDLE_BEFORE_PING};

use crate::common::{postgres_schema, within_limit, Cleanup};

#[tokio::test]
async fn a_connection_the_server_closed_while_idle_is_replaced() {
    within_limit("pool", async {
        let (url, cleanup) = postgres_schema().await;
        let pool = db::connect(&url).await.expect("open the pool");
        // Every connection the pool holds, leased at once to learn its
        // server process.
        let mut leased = Vec::new();
        for _ in 0..pool.size() {
            leased.push(pool.acquire().await.expect("lease"));
        }
        let mut pids = Vec::new();
        for conn in &mut leased {
            let (pid,): (i32,) = sqlx::query_as("SELECT pg_backend_pid()")
                .fetch_one(&mut **conn)
                .await
                .expect("backend pid");
            pids.push(pid);
        }
        drop(leased);
        assert!(!pids.is_empty());
        // The server (or a proxy) ends them while they sit in the pool.
        let Cleanup::Postgres { admin, .. } = &cleanup else {
            unreachable!("a PostgreSQL schema")
        };
        for pid in &pids {
            let (ended,): (bool,) = sqlx::query_as("SELECT pg_terminate_backend($1)")
                .bind(pid)
                .fetch_one(admin)
                .await
                .expect("terminate");
            assert!(ended, "backend {pid} ended");
        }
        tokio::time::sleep(IDLE_BEFORE_PING + std::time::Duration::from_secs(1)).await;
        // The next queries get live connections.
        for _ in 0..pids.len() + 1 {
            let (one,): (i32,) = sqlx::query_as("SELECT 1")
                .fetch_one(&pool)
                .await
                .expect("a query after the pause");
            assert_eq!(one, 1);
        }
        cleanup.run(pool).await;
    })
    .await;
}
