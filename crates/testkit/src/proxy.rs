//! A small TCP front for multi-node tests: spreads connections over
//! several app nodes (round robin) and skips a node that is down.
//!
//! [`Proxy::start`] listens on a free port of 127.0.0.1. Each accepted
//! connection goes to the next node in turn; when that node refuses the
//! connection (it was killed), the following nodes are tried, so clients
//! see a refused node only when every node is down (the client connection
//! is then closed without an answer). Bytes are copied both ways until
//! either side closes. Since HTTP keep-alive pins a connection to one
//! node, clients that want their requests spread open a connection per
//! request.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// How long a node may take to accept a connection before the next one
/// is tried.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);

/// A running front; it stops when dropped.
#[derive(Debug)]
pub struct Proxy {
    addr: SocketAddr,
    shared: Arc<Shared>,
    task: JoinHandle<()>,
}

/// What the accept loop and the connection tasks share.
#[derive(Debug)]
struct Shared {
    nodes: Vec<SocketAddr>,
    /// The next node to try first (taken modulo the number of nodes).
    next: AtomicUsize,
    /// Connections handed to each node, in the order of `nodes`.
    served: Vec<AtomicUsize>,
    /// Client connections closed because no node accepted them.
    dropped: AtomicUsize,
}

impl Proxy {
    /// Listens on a free port of 127.0.0.1 and forwards every connection
    /// to one of `nodes`, round robin. Must be called inside a tokio
    /// runtime, which then runs the front until it is dropped.
    pub async fn start(nodes: Vec<SocketAddr>) -> std::io::Result<Proxy> {
        if nodes.is_empty() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "代理至少需要一个后端节点",
            ));
        }
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let served = nodes.iter().map(|_| AtomicUsize::new(0)).collect();
        let shared = Arc::new(Shared {
            nodes,
            next: AtomicUsize::new(0),
            served,
            dropped: AtomicUsize::new(0),
        });
        let task = tokio::spawn(accept_loop(listener, Arc::clone(&shared)));
        Ok(Proxy { addr, shared, task })
    }

    /// The address clients connect to.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://` and the address, for HTTP clients.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How many connections each node was given, in the order of the
    /// nodes passed to [`Proxy::start`].
    pub fn served(&self) -> Vec<usize> {
        self.shared
            .served
            .iter()
            .map(|n| n.load(Ordering::Relaxed))
            .collect()
    }

    /// How many client connections were closed because every node
    /// refused them.
    pub fn dropped(&self) -> usize {
        self.shared.dropped.load(Ordering::Relaxed)
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Accepts clients until aborted; each is served by its own task.
async fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    loop {
        match listener.accept().await {
            Ok((client, _)) => {
                tokio::spawn(forward(client, Arc::clone(&shared)));
            }
            // Out of file descriptors and the like: back off and go on.
            Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
        }
    }
}

/// Connects `client` to the first node, in round-robin order, that
/// accepts, and copies bytes both ways until either side closes.
async fn forward(mut client: TcpStream, shared: Arc<Shared>) {
    let _ = client.set_nodelay(true);
    let count = shared.nodes.len();
    let first = shared.next.fetch_add(1, Ordering::Relaxed);
    for step in 0..count {
        let index = (first + step) % count;
        let node = shared.nodes[index];
        let Ok(Ok(mut upstream)) =
            tokio::time::timeout(CONNECT_TIMEOUT, TcpStream::connect(node)).await
        else {
            continue;
        };
        let _ = upstream.set_nodelay(true);
        shared.served[index].fetch_add(1, Ordering::Relaxed);
        // A reset on either side (a killed node) just ends the copy; the
        // client sees its connection close and retries.
        let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
        return;
    }
    shared.dropped.fetch_add(1, Ordering::Relaxed);
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// A node that answers every connection with its name and closes.
    async fn named_node(name: &'static str) -> (SocketAddr, JoinHandle<()>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let task = tokio::spawn(async move {
            while let Ok((mut conn, _)) = listener.accept().await {
                tokio::spawn(async move {
                    let _ = conn.write_all(name.as_bytes()).await;
                });
            }
        });
        (addr, task)
    }

    /// Connects through the proxy and reads what the node said.
    async fn ask(proxy: &Proxy) -> String {
        let mut conn = TcpStream::connect(proxy.addr()).await.unwrap();
        let mut answer = String::new();
        conn.read_to_string(&mut answer).await.unwrap();
        answer
    }

    #[tokio::test]
    async fn connections_go_to_each_node_in_turn() {
        let (a, _ta) = named_node("a").await;
        let (b, _tb) = named_node("b").await;
        let (c, _tc) = named_node("c").await;
        let proxy = Proxy::start(vec![a, b, c]).await.unwrap();
        let mut answers = Vec::new();
        for _ in 0..6 {
            answers.push(ask(&proxy).await);
        }
        assert_eq!(answers, ["a", "b", "c", "a", "b", "c"]);
        assert_eq!(proxy.served(), vec![2, 2, 2]);
    }

    #[tokio::test]
    async fn a_node_that_refuses_connections_is_skipped() {
        let (a, _ta) = named_node("a").await;
        let (b, tb) = named_node("b").await;
        let (c, _tc) = named_node("c").await;
        // Closing b's listener makes its port refuse connections.
        tb.abort();
        let _ = tb.await;
        let proxy = Proxy::start(vec![a, b, c]).await.unwrap();
        let mut answers = Vec::new();
        for _ in 0..6 {
            answers.push(ask(&proxy).await);
        }
        assert!(answers.iter().all(|n| n == "a" || n == "c"), "{answers:?}");
        assert_eq!(proxy.served()[1], 0);
        assert_eq!(proxy.served().iter().sum::<usize>(), 6);
        assert_eq!(proxy.dropped(), 0);
    }

    #[tokio::test]
    async fn a_client_is_closed_without_an_answer_when_every_node_is_down() {
        let (a, ta) = named_node("a").await;
        ta.abort();
        let _ = ta.await;
        let proxy = Proxy::start(vec![a]).await.unwrap();
        assert_eq!(ask(&proxy).await, "");
        assert_eq!(proxy.dropped(), 1);
    }

    #[tokio::test]
    async fn a_front_without_nodes_is_refused() {
        assert!(Proxy::start(Vec::new()).await.is_err());
    }
}
