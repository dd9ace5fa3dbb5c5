enum ConsolePage { static let html = "" }
enum ConsoleStyle { static let css = "" }
enum ConsoleScript { static let js = "" }
