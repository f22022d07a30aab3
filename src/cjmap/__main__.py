from cjmap.entry import main

main()
