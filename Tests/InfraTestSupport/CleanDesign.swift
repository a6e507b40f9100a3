/// A design no rule reports anything on: a firewalled, monitored, redundant web
/// server behind HTTPS. Tests add one mistake to it to get exactly one finding.
public enum CleanDesign {
    /// The design, with `extra` written inside the web server's block (a property, say).
    public static func text(webServerExtra extra: String = "") -> String {
        """
        network internet { trust: untrusted }
        client users in internet
        monitor mon { instances: 2 }
        web-server web {
          instances: 2
          firewall: true
          agent watcher { reports-to: mon }\(extra.isEmpty ? "" : "\n  " + extra)
        }
        users -> web : https
        watcher -> mon : https

        """
    }

    /// The clean design with a misspelled property: one DES003 warning, at line 8 column 3.
    public static var withWarning: String { text(webServerExtra: "softwre: nginx") }
}
