from cjmap.cli import main

main()
